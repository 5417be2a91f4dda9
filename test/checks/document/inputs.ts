/** Document rule inputs from text or bytes, parsed the way the probe parses a body and shown as the engine shows it. */
import type { DocumentInput, DocumentKind } from '../../../src/checks/types.js';
import { shownDocument } from '../../../src/checks/shown-document.js';
import { parseDocument } from '../../../src/json/parse-document.js';
import { env, type EnvOverrides } from '../../helpers/inputs.js';

export function documentInput(
  body: string | Uint8Array,
  overrides: EnvOverrides & { document?: DocumentKind } = {},
): DocumentInput {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  // As the engine shows a document to its rules: private values redacted, their places kept.
  const { parsed, privateValues } = shownDocument(parseDocument(bytes));
  return { ...env(overrides), document: overrides.document ?? 'jwks', parsed, privateValues };
}

/** A JWKS document input from a value, serialised as JSON. */
export function jwksInput(value: unknown, overrides: EnvOverrides = {}): DocumentInput {
  return documentInput(JSON.stringify(value), { ...overrides, document: 'jwks' });
}
