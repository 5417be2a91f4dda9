import { describe, expect, it } from 'vitest';
import { bodyEncoding } from '../../../src/checks/document/body-encoding.js';
import { bodyJson } from '../../../src/checks/document/body-json.js';
import { run } from './evaluate.js';
import { documentInput } from './inputs.js';

const BOM = [0xef, 0xbb, 0xbf];
const bytes = (...parts: (string | number[])[]): Uint8Array =>
  new Uint8Array(parts.flatMap((part) => (typeof part === 'string' ? [...new TextEncoder().encode(part)] : part)));

describe('transport.body.json', () => {
  it.each(['jwks', 'discovery'] as const)('passes a %s body that is JSON', (document) => {
    expect(run(bodyJson, documentInput('{"keys":[]}', { document }))).toEqual([]);
  });

  it.each(['jwks', 'discovery'] as const)('flags a %s body that is not JSON, with an error', (document) => {
    const fired = run(bodyJson, documentInput('<html>502 Bad Gateway</html>', { document }));
    expect(fired).toEqual([expect.objectContaining({ ruleId: 'transport.body.json', severity: 'error', pointer: '' })]);
  });

  it('flags a trailing comma, which browsers and jose reject', () => {
    expect(run(bodyJson, documentInput('{"keys":[],}'))).toEqual([
      expect.objectContaining({ ruleId: 'transport.body.json', severity: 'error' }),
    ]);
  });

  it('flags an empty body', () => {
    expect(run(bodyJson, documentInput(''))).toEqual([expect.objectContaining({ severity: 'error' })]);
  });

  it('flags a 20,000-level nested body as exceeding the nesting limit', () => {
    const fired = run(bodyJson, documentInput('['.repeat(20_000)));
    expect(fired).toEqual([expect.objectContaining({ ruleId: 'transport.body.json', severity: 'error' })]);
    expect(fired !== 'skip' && fired[0]?.message).toMatch(/nesting limit/);
  });

  it('skips a body that is not UTF-8, which transport.body.encoding reports', () => {
    expect(run(bodyJson, documentInput(bytes('{"a":"', [0xff], '"}')))).toBe('skip');
  });

  it('passes a body with a byte order mark, which is transport.body.encoding', () => {
    expect(run(bodyJson, documentInput(bytes(BOM, '{"keys":[]}')))).toEqual([]);
  });
});

describe('transport.body.encoding', () => {
  it.each(['jwks', 'discovery'] as const)('passes a %s body in UTF-8 without a byte order mark', (document) => {
    expect(run(bodyEncoding, documentInput('{"name":"é😀"}', { document }))).toEqual([]);
  });

  it.each(['jwks', 'discovery'] as const)('warns about a byte order mark on a %s body', (document) => {
    expect(run(bodyEncoding, documentInput(bytes(BOM, '{"keys":[]}'), { document }))).toEqual([
      expect.objectContaining({ ruleId: 'transport.body.encoding', severity: 'warning' }),
    ]);
  });

  it('flags Latin-1 text as invalid UTF-8, with an error', () => {
    expect(run(bodyEncoding, documentInput(bytes('{"n":"caf', [0xe9], '"}'), { document: 'discovery' }))).toEqual([
      expect.objectContaining({
        ruleId: 'transport.body.encoding',
        severity: 'error',
        actual: 'invalid sequence at byte 9',
      }),
    ]);
  });

  it('flags an encoded surrogate (CESU-8) as invalid UTF-8', () => {
    expect(run(bodyEncoding, documentInput(bytes('"', [0xed, 0xa0, 0x80], '"')))).toEqual([
      expect.objectContaining({ severity: 'error' }),
    ]);
  });

  it('reports both a byte order mark and invalid UTF-8 after it', () => {
    const fired = run(bodyEncoding, documentInput(bytes(BOM, '"', [0xc0, 0x80], '"')));
    expect(fired !== 'skip' && fired.map((f) => f.severity)).toEqual(['warning', 'error']);
  });

  it('passes an empty body', () => {
    expect(run(bodyEncoding, documentInput(''))).toEqual([]);
  });
});
