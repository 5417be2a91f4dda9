/**
 * The README sections generated from code (the rule catalogue, the settings table), so the README stays true:
 * `npm run docs` rewrites them and test/docs/readme.test.ts fails when they drift.
 */
import { listRules } from '../checks/catalogue.js';
import type { RuleMeta } from '../checks/types.js';
import { settingsTable } from '../config.js';

export interface GeneratedSection {
  readonly name: string;
  readonly body: string;
}

export function rulesTable(rules: readonly RuleMeta[] = listRules()): string {
  const escape = (s: string) => s.replaceAll('|', '\\|');
  const profiles = (r: RuleMeta) =>
    Object.entries(r.profiles ?? {})
      .map(([p, s]) => `${p}: ${s}`)
      .join(', ');
  const rows = rules.map(
    (r) => `| \`${r.id}\` | ${r.severity} | ${escape(profiles(r)) || '—'} | ${escape(r.title)} | ${escape(r.spec)} |`,
  );
  return [
    `${rules.length} rules.`,
    '',
    '| id | severity | per profile | what it checks | spec |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
}

export function generatedSections(): GeneratedSection[] {
  return [
    { name: 'rules', body: rulesTable() },
    { name: 'config', body: settingsTable() },
  ];
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` for each section. */
export function applySections(readme: string, sections: readonly GeneratedSection[]): string {
  let out = readme;
  for (const { name, body } of sections) {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = out.indexOf(start);
    const to = out.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} … ${end} markers`);
    out = `${out.slice(0, from + start.length)}\n${body}\n${out.slice(to)}`;
  }
  return out;
}
