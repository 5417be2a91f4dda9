import type { Rule } from '../types.js';
import { akpMembers } from './akp-members.js';
import { ecCoordinateLength } from './ec-coordinate-length.js';
import { ecCurve } from './ec-curve.js';
import { ecOnCurve } from './ec-on-curve.js';
import { octSize } from './oct-size.js';
import { okpCurve } from './okp-curve.js';
import { okpLength } from './okp-length.js';
import { okpPurpose } from './okp-purpose.js';
import { rsaExponent } from './rsa-exponent.js';
import { rsaModulusSize } from './rsa-modulus-size.js';
import { rsaModulusUpper } from './rsa-modulus-upper.js';
import { x5cBareKey } from './x5c-bare-key.js';
import { x5cChain } from './x5c-chain.js';
import { x5cConsistency } from './x5c-consistency.js';
import { x5cFormat } from './x5c-format.js';
import { x5cKeyMatch } from './x5c-key-match.js';
import { x5cValidity } from './x5c-validity.js';
import { x5tFormat } from './x5t-format.js';
import { x5tMatch } from './x5t-match.js';
import { x5uHttps } from './x5u-https.js';

/** Key material validity per key type, and the X.509 members (catalogue §"Key material…", §"X.509 members"). */
export const materialRules: readonly Rule[] = [
  rsaModulusSize,
  rsaModulusUpper,
  rsaExponent,
  ecCurve,
  ecCoordinateLength,
  ecOnCurve,
  okpCurve,
  okpLength,
  okpPurpose,
  akpMembers,
  octSize,
  x5cFormat,
  x5cBareKey,
  x5cKeyMatch,
  x5tMatch,
  x5tFormat,
  x5cValidity,
  x5cChain,
  x5cConsistency,
  x5uHttps,
];
