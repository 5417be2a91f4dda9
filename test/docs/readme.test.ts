import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applySections, generatedSections } from '../../src/docs/readme-sections.js';
import { VERSION } from '../../src/version.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists the current rule catalogue and every setting (run `npm run docs` after changing them)', () => {
    expect(applySections(readme, generatedSections())).toBe(readme);
  });

  it('gives the install-and-start and the test commands', () => {
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm test');
  });
});

describe('version', () => {
  it('matches package.json', () => {
    const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(pkg).toMatchObject({ version: VERSION });
  });
});
