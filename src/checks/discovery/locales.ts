// `ui_locales_supported` and `claims_locales_supported` hold well-formed BCP 47 language tags (RFC 5646 §2.1),
// in the canonical casing of RFC 5646 §2.1.1 (RFC 8414 §2 ; OIDC Discovery §3).
import { defineRule, type FindingDraft } from '../types.js';
import { stringEntries } from './support.js';
import { quote } from '../support.js';

const LISTS = ['ui_locales_supported', 'claims_locales_supported'] as const;

/** RFC 5646 §2.1 grandfathered tags, irregular and regular. */
const GRANDFATHERED =
  'en-GB-oed|i-ami|i-bnn|i-default|i-enochian|i-hak|i-klingon|i-lux|i-mingo|i-navajo|i-pwn|i-tao|i-tay|i-tsu|' +
  'sgn-BE-FR|sgn-BE-NL|sgn-CH-DE|art-lojban|cel-gaulish|no-bok|no-nyn|zh-guoyu|zh-hakka|zh-min|zh-min-nan|zh-xiang';
/** RFC 5646 §2.1 langtag: language[-extlang][-script][-region]*(-variant)*(-extension)[-privateuse]. */
const LANGTAG =
  '(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})' +
  '(?:-[a-z]{4})?' +
  '(?:-(?:[a-z]{2}|[0-9]{3}))?' +
  '(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*' +
  '(?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*' +
  '(?:-x(?:-[a-z0-9]{1,8})+)?';
const PRIVATE_USE = 'x(?:-[a-z0-9]{1,8})+';
const LANGUAGE_TAG = new RegExp(`^(?:${GRANDFATHERED}|${LANGTAG}|${PRIVATE_USE})$`, 'i');

const REGION_LENGTH = 2;
const SCRIPT_LENGTH = 4;

export function isWellFormedLanguageTag(tag: string): boolean {
  return LANGUAGE_TAG.test(tag);
}

/**
 * RFC 5646 §2.1.1: lower case throughout, except two-letter region subtags (upper) and four-letter script
 * subtags (title case), neither of which can follow a singleton (extensions and private use stay lower case).
 */
export function canonicalCasing(tag: string): string {
  let afterSingleton = false;
  return tag
    .split('-')
    .map((subtag, index) => {
      const lower = subtag.toLowerCase();
      if (index === 0 || afterSingleton) {
        if (subtag.length === 1) afterSingleton = true;
        return lower;
      }
      if (subtag.length === 1) {
        afterSingleton = true;
        return lower;
      }
      if (subtag.length === REGION_LENGTH) return lower.toUpperCase();
      if (subtag.length === SCRIPT_LENGTH && /^[a-z]+$/.test(lower)) return lower[0]?.toUpperCase() + lower.slice(1);
      return lower;
    })
    .join('-');
}

export const discLocales = defineRule({
  id: 'disc.locales',
  title: 'Locales are well-formed BCP 47 tags',
  severity: 'warning',
  spec: 'RFC 8414 §2 ; OIDC Discovery §3 ; RFC 5646 §2.1, §2.1.1',
  scope: 'discovery',
  run: ({ doc }) => {
    const findings: FindingDraft[] = [];
    for (const list of LISTS) {
      for (const entry of stringEntries(doc, list) ?? []) {
        if (!isWellFormedLanguageTag(entry.value)) {
          findings.push({
            message: `"${list}" entry ${quote(entry.value)} is not a well-formed BCP 47 language tag`,
            pointer: entry.pointer,
          });
          continue;
        }
        const canonical = canonicalCasing(entry.value);
        if (canonical !== entry.value) {
          findings.push({
            message: `"${list}" entry ${quote(entry.value)} is not in canonical casing; write it as ${quote(canonical)}`,
            pointer: entry.pointer,
            expected: canonical,
            actual: entry.value,
          });
        }
      }
    }
    return findings;
  },
});
