/** Reads the RFC example keys in test/fixtures/rfc (copied verbatim from the RFCs). */
import { readFileSync } from 'node:fs';

const FIXTURE_DIR = new URL('../fixtures/rfc/', import.meta.url);

export function loadRfcFixture(name: string): Record<string, unknown> {
  const value: unknown = JSON.parse(readFileSync(new URL(name, FIXTURE_DIR), 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${name} is not an object`);
  return { ...value };
}

/** The `keys` array of a JWK Set fixture. */
export function loadRfcKeys(name: string): unknown[] {
  const keys = loadRfcFixture(name)['keys'];
  if (!Array.isArray(keys)) throw new TypeError(`${name} has no keys array`);
  return keys;
}
