// `issuer` is identical, code point for code point, to the issuer the discovery URL was built from (OIDC
// Discovery §4.3, §5 ; RFC 8414 §3.3): otherwise the document may speak for another provider (RFC 9700 §4.4).
import { SKIP, defineRule } from '../types.js';
import { clipField, pointerTo, stringMember } from './support.js';
import { quote } from '../support.js';

/** Near misses worth naming: they explain the mismatch without making it acceptable. */
const NORMALISATIONS = {
  'a trailing slash': (s: string) => (s.endsWith('/') ? s.slice(0, -1) : s),
  case: (s: string) => s.toLowerCase(),
  'the default port': (s: string) =>
    s.replace(/^(https:\/\/[^/?#]*):443(?=[/?#]|$)/i, '$1').replace(/^(http:\/\/[^/?#]*):80(?=[/?#]|$)/i, '$1'),
} as const satisfies Record<string, (s: string) => string>;
type Difference = keyof typeof NORMALISATIONS;
const DIFFERENCES: readonly Difference[] = ['a trailing slash', 'case', 'the default port'];

/** The smallest set of near-miss differences that explains the mismatch, if any does. */
export function nearMiss(actual: string, expected: string): readonly Difference[] | undefined {
  const names = DIFFERENCES;
  const subsets = Array.from({ length: 2 ** names.length - 1 }, (_, i) =>
    names.filter((_name, bit) => ((i + 1) & (1 << bit)) !== 0),
  ).sort((a, b) => a.length - b.length);
  for (const subset of subsets) {
    const normalise = (s: string) => subset.reduce((acc, name) => NORMALISATIONS[name](acc), s);
    if (normalise(actual) === normalise(expected)) return subset;
  }
  return undefined;
}

/**
 * The issuers a well-known URL could have been built from: both specs remove a terminating '/' before building,
 * so `https://a.example` and `https://a.example/` share one discovery URL and either is the issuer it was built from.
 */
function acceptedIssuers(expected: string): readonly string[] {
  return expected.endsWith('/') ? [expected] : [expected, `${expected}/`];
}

export const discIssuerMatch = defineRule({
  id: 'disc.issuer.match',
  title: 'Issuer is identical to the issuer the discovery URL was built from',
  severity: 'error',
  spec: 'OIDC Discovery §4.3, §5, §7.2 ; RFC 8414 §3.3, §6.2 ; RFC 9700 §4.4',
  scope: 'discovery',
  run: ({ doc, expectedIssuer }) => {
    const issuer = stringMember(doc, 'issuer');
    if (expectedIssuer === undefined || issuer === undefined || issuer === '') return SKIP;
    if (acceptedIssuers(expectedIssuer).includes(issuer)) return [];
    const differences = acceptedIssuers(expectedIssuer)
      .map((accepted) => nearMiss(issuer, accepted))
      .filter((d) => d !== undefined)
      .sort((a, b) => a.length - b.length)[0];
    const how =
      differences === undefined
        ? `is not ${quote(expectedIssuer)}`
        : `differs from ${quote(expectedIssuer)} only by ${differences.join(' and ')}`;
    return [
      {
        message: `issuer ${quote(issuer)} ${how}, the issuer the discovery URL was built from; they must be identical, code point for code point, or the metadata must not be used`,
        pointer: pointerTo('issuer'),
        expected: clipField(expectedIssuer),
        actual: clipField(issuer),
      },
    ];
  },
});
