import type { Rule } from '../types.js';
import { bodyEncoding } from './body-encoding.js';
import { bodyJson } from './body-json.js';
import { jwksDuplicateMember } from './duplicate-member.js';
import { jwksEmpty } from './empty.js';
import { jwksKeyObject } from './key-object.js';
import { jwksKeysArray } from './keys-array.js';
import { jwksDocObject } from './jwks-object.js';
import { privateMaterial } from './private-material.js';
import { jwksUnknownMember } from './unknown-member.js';

/** Byte, tokenizer and JWK Set shape rules (scope 'document'), in pipeline order. */
export const documentRules: readonly Rule[] = [
  bodyEncoding,
  bodyJson,
  jwksDocObject,
  jwksKeysArray,
  jwksKeyObject,
  jwksDuplicateMember,
  jwksUnknownMember,
  jwksEmpty,
  privateMaterial,
];
