// When the key set changes, its validators change too (RFC 9110 §8.8 ; RFC 9111 §4.3): a client revalidating
// with If-None-Match / If-Modified-Since gets 304 for an unchanged ETag or Last-Modified and keeps stale keys.
import { SKIP, defineRule } from '../types.js';
import type { HistoryInput } from './types.js';
import { quote } from '../support.js';

/** An entity-tag as RFC 9110 §8.8.3 writes it (its quotes are part of the value), which reads best shown as is. */
const ENTITY_TAG = /^(W\/)?"[\x21\x23-\x7e]*"$/;

function showEtag(etag: string): string {
  return ENTITY_TAG.test(etag) ? etag : quote(etag);
}

export const rotationValidatorStale = defineRule({
  id: 'rotation.validator-stale',
  title: 'ETag and Last-Modified change when the keys change',
  severity: 'warning',
  spec: 'RFC 9110 §8.8 ; RFC 9111 §4.3',
  scope: 'history',
  run: (input: HistoryInput) => {
    const { latest, previous } = input.observed;
    if (previous === undefined) return SKIP;
    if (previous.hash === latest.hash) return [];
    const etagBoth = previous.etag !== undefined && latest.etag !== undefined;
    const lmBoth = previous.lastModified !== undefined && latest.lastModified !== undefined;
    const etagSame = etagBoth && previous.etag === latest.etag;
    const lmSame = lmBoth && previous.lastModified === latest.lastModified;
    const before = lmBoth ? Date.parse(previous.lastModified ?? '') : Number.NaN;
    const after = lmBoth ? Date.parse(latest.lastModified ?? '') : Number.NaN;
    const lmBackwards = after < before;
    // Stale when every validator present on both sides kept its value while the content changed.
    const unchanged = (etagBoth || lmBoth) && (!etagBoth || etagSame) && (!lmBoth || lmSame);
    if (lmBackwards) {
      return [
        {
          message: `the key set changed but Last-Modified went backwards (${quote(previous.lastModified ?? '')} -> ${quote(latest.lastModified ?? '')}); clients revalidating with If-Modified-Since keep stale keys`,
          pointer: '',
          expected: 'a Last-Modified later than the previous one',
          actual: `${previous.lastModified ?? ''} -> ${latest.lastModified ?? ''}`,
        },
      ];
    }
    if (!unchanged) return [];
    const same = [
      etagSame && `ETag ${showEtag(latest.etag ?? '')}`,
      lmSame && `Last-Modified ${quote(latest.lastModified ?? '')}`,
    ]
      .filter((v): v is string => typeof v === 'string')
      .join(' and ');
    return [
      {
        message: `the key set changed but ${same} did not; clients revalidating with If-None-Match / If-Modified-Since get 304 and keep stale keys`,
        pointer: '',
        expected: 'new validators for new content',
        actual: `unchanged ${same}`,
      },
    ];
  },
});
