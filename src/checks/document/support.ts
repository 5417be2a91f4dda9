/** What the JWK Set shape rules share: the parsed top-level object and its `keys` member, when they exist. */
import { isRecord, ownMember } from '../../json/guards.js';
import type { DocumentInput } from '../types.js';

/** The JWKS top-level object, or undefined when the input is not a JWKS that parsed to an object. */
export function jwksObject(input: DocumentInput): Readonly<Record<string, unknown>> | undefined {
  if (input.document !== 'jwks' || !input.parsed.ok) return undefined;
  return isRecord(input.parsed.value) ? input.parsed.value : undefined;
}

/** The `keys` array of a JWKS, or undefined when it is absent or not an array. */
export function jwksKeys(input: DocumentInput): readonly unknown[] | undefined {
  const object = jwksObject(input);
  if (object === undefined) return undefined;
  const keys = ownMember(object, 'keys');
  return Array.isArray(keys) ? keys : undefined;
}
