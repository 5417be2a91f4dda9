/**
 * The documents as the rules see them: every private value replaced by its redaction marker before any rule runs,
 * so a rule that quotes a member (an unknown member's value, an issuer that is not a URL) cannot quote a private key,
 * wherever the document put one. Where the values were is kept for `jwk.private.members`, and the values themselves
 * for a last scrub of the findings, which catches a rule that read the document as published (a duplicate member's
 * name is read from the text).
 */
import type { ParsedDocument } from '../json/types.js';
import { redactJwks, scrubSecrets, type RedactedMember } from '../jwks/redact.js';
import type { Finding } from './types.js';

export interface ShownDocument {
  readonly parsed: ParsedDocument;
  readonly privateValues: readonly RedactedMember[];
  /** Never store or log these. */
  readonly removedValues: readonly string[];
}

const NONE: readonly never[] = Object.freeze([]);

/** `parsed` with its private values redacted; as it is when it holds none (the common case, and no copy). */
export function shownDocument(parsed: ParsedDocument): ShownDocument {
  const removedValues: string[] = [];
  // Occurrences JSON.parse dropped are no part of the value, but a rule may still name them.
  // Held under its name, so that a dropped "d" is private by its name as a kept one is.
  for (const { name, value } of parsed.shadowedValues)
    removedValues.push(...redactJwks({ [name]: value }).removedValues);
  if (!parsed.ok) return { parsed, privateValues: NONE, removedValues };
  const redaction = redactJwks(parsed.value);
  if (redaction.members.length === 0) return { parsed, privateValues: NONE, removedValues };
  return {
    parsed: { ...parsed, value: redaction.value },
    privateValues: redaction.members,
    removedValues: [...removedValues, ...redaction.removedValues],
  };
}

/** The findings with any quoted private value replaced by its marker. */
export function scrubFindings(findings: Finding[], removedValues: readonly string[]): Finding[] {
  if (removedValues.length === 0) return findings;
  const scrub = (text: string): string => scrubSecrets(text, removedValues);
  return findings.map((finding) => {
    const scrubbed: { -readonly [K in keyof Finding]: Finding[K] } = {
      ...finding,
      message: scrub(finding.message),
      pointer: scrub(finding.pointer),
    };
    if (finding.kid !== undefined) scrubbed.kid = scrub(finding.kid);
    if (finding.expected !== undefined) scrubbed.expected = scrub(finding.expected);
    if (finding.actual !== undefined) scrubbed.actual = scrub(finding.actual);
    return scrubbed;
  });
}
