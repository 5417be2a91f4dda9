// Asserts EC coordinates x and y are each exactly the curve's field size in octets, leading zeros kept
// (RFC 7518 §6.2.1.2, §6.2.1.3); some verifiers reject a shortened coordinate.
import { SKIP, defineRule, type FindingDraft } from '../types.js';
import { ecCurve } from './curves.js';
import { isKty, memberBytes } from './common.js';
import { keyLabel, memberPointer } from '../support.js';

const COORDINATES = ['x', 'y'] as const;

export const ecCoordinateLength = defineRule({
  id: 'jwk.ec.coordinate-length',
  title: 'EC coordinates x and y have the full length of the curve (32/48/66/32 octets)',
  severity: 'error',
  spec: 'RFC 7518 §6.2.1.2, §6.2.1.3',
  scope: 'key',
  run({ key }) {
    if (!isKty(key, 'EC') || key.crv === undefined) return SKIP;
    const curve = ecCurve(key.crv);
    if (curve === undefined) return SKIP;
    const present = COORDINATES.filter((name) => memberBytes(key, name) !== undefined);
    if (present.length === 0) return SKIP;
    const findings: FindingDraft[] = [];
    for (const name of present) {
      const octets = memberBytes(key, name)?.length ?? 0;
      if (octets === curve.coordinateOctets) continue;
      findings.push({
        message: `EC coordinate ${name} of ${keyLabel(key)} is ${octets} octets; ${key.crv} coordinates must be exactly ${curve.coordinateOctets} octets, leading zeros kept (RFC 7518 §6.2.1.2)`,
        pointer: memberPointer(key, name),
        expected: `${curve.coordinateOctets} octets`,
        actual: `${octets} octets`,
      });
    }
    return findings;
  },
});
