// A key uses the fully specified `Ed25519`/`Ed448` rather than the deprecated polymorphic `EdDSA` (RFC 9864 §2).
// Info only: EdDSA is still what many verifiers and FAPI 2.0 expect.
import { SKIP, defineRule } from '../types.js';
import { memberPointer } from '../support.js';

const EDDSA = 'EdDSA';
/** RFC 9864 §2: the fully specified algorithm per curve. */
const FULLY_SPECIFIED: Readonly<Record<string, string>> = { Ed25519: 'Ed25519', Ed448: 'Ed448' };

export const algEddsaPolymorphic = defineRule({
  id: 'alg.eddsa-polymorphic',
  title: 'Key uses a fully specified EdDSA algorithm',
  severity: 'info',
  spec: 'RFC 9864 §2',
  scope: 'key',
  run: ({ key }) => {
    if (key.object === undefined || key.alg === undefined) return SKIP;
    if (key.alg !== EDDSA) return [];
    const replacement =
      key.crv !== undefined && Object.hasOwn(FULLY_SPECIFIED, key.crv) ? FULLY_SPECIFIED[key.crv] : undefined;
    return [
      {
        message: `key declares the polymorphic alg "EdDSA", deprecated by RFC 9864 in favour of ${replacement ?? 'Ed25519 or Ed448'}`,
        pointer: memberPointer(key, 'alg'),
        expected: replacement ?? 'Ed25519 or Ed448',
        actual: key.alg,
      },
    ];
  },
});
