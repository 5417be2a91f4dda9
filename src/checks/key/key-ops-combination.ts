// "key_ops" combines only related operations (sign+verify, encrypt+decrypt, wrapKey+unwrapKey), and a key in a
// published set does not claim private-key operations (sign, decrypt, unwrapKey), which hint at a private export
// (RFC 7517 §4.3: other combinations SHOULD NOT be used).
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { KEY_OPERATIONS, PRIVATE_KEY_OPERATIONS } from './members.js';
import { memberPointer } from '../support.js';

/** The combinations RFC 7517 §4.3 permits; every other registered operation stands alone. */
const RELATED_OPERATIONS: readonly (readonly string[])[] = [
  ['sign', 'verify'],
  ['encrypt', 'decrypt'],
  ['wrapKey', 'unwrapKey'],
  ['deriveKey'],
  ['deriveBits'],
];

function family(op: string): number {
  return RELATED_OPERATIONS.findIndex((group) => group.includes(op));
}

export const keyOpsCombination = defineRule({
  id: 'jwk.key_ops.combination',
  title: '"key_ops" combines only related, public-key operations',
  severity: 'warning',
  spec: 'RFC 7517 §4.3',
  scope: 'key',
  run: ({ key, options }) => {
    if (key.object === undefined || key.keyOps === undefined) return SKIP;
    const findings: FindingDraft[] = [];
    const pointer = memberPointer(key, 'key_ops');
    // Unregistered values are jwk.key_ops.valid's to report.
    const registered = [...new Set(key.keyOps.filter((op) => KEY_OPERATIONS.includes(op)))];
    if (new Set(registered.map(family)).size > 1) {
      findings.push({
        message: `key_ops combines unrelated operations (${registered.join(', ')}); only sign+verify, encrypt+decrypt and wrapKey+unwrapKey belong together`,
        pointer,
        expected: 'one of sign+verify, encrypt+decrypt, wrapKey+unwrapKey',
        actual: registered.join(', '),
      });
    }
    const privateOps = registered.filter((op) => PRIVATE_KEY_OPERATIONS.includes(op));
    if (!options.privateKeyMode && privateOps.length > 0) {
      findings.push({
        message: `key_ops lists private-key operation(s) ${privateOps.join(', ')} on a key in a published set; this hints at an exported private key`,
        pointer,
        expected: 'public-key operations only (verify, encrypt, wrapKey)',
        actual: privateOps.join(', '),
      });
    }
    return findings;
  },
});
