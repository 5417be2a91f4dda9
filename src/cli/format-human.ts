/** The human-readable report of `jwks-monitor check`: findings by severity, the key summary, a verdict line. */
import type { Finding, Severity } from '../checks/types.js';
import type { KeySummary } from '../jwks/types.js';
import type { TargetOutcome } from '../probe/check-target.js';
import { clipped, printable } from './terminal-text.js';

export interface Palette {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const ansi = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
export const COLOURS: Palette = {
  red: ansi(31, 39),
  yellow: ansi(33, 39),
  blue: ansi(34, 39),
  green: ansi(32, 39),
  dim: ansi(2, 22),
  bold: ansi(1, 22),
};
const identity = (s: string) => s;
export const PLAIN: Palette = {
  red: identity,
  yellow: identity,
  blue: identity,
  green: identity,
  dim: identity,
  bold: identity,
};

/**
 * A document value shown in the key table or as a finding's kid is cut to this many characters: a 1,700-character
 * kid would push every other column off the screen. The JSON output keeps values whole.
 */
const MAX_VALUE_CHARS = 64;

/** How the key table names private material found in the element itself rather than in a member (pointer ''). */
const ELEMENT_ITSELF = 'the element itself: a private key as text';

/** Only when the user has set NO_COLOR to something (no-color.org: an empty value does not disable colour). */
export function paletteFor(stdout: { isTTY?: boolean }, env: Readonly<Record<string, string | undefined>>): Palette {
  return stdout.isTTY === true && (env['NO_COLOR'] ?? '') === '' ? COLOURS : PLAIN;
}

const HEADINGS: Readonly<Record<Severity, string>> = { error: 'Errors', warning: 'Warnings', info: 'Info' };
const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

export function formatOutcome(outcome: TargetOutcome, failOn: Severity, c: Palette): string {
  const lines: string[] = [];
  const { report } = outcome;
  const failed = isFailing(outcome, failOn);
  const mark = failed ? c.red('✖') : c.green('✔');
  const kind = report !== undefined ? `${report.kind}, profile ${report.profile}` : 'not checked';
  lines.push(`${mark} ${c.bold(printable(outcome.target))} ${c.dim(`(${kind})`)}`);
  for (const doc of report?.documents ?? []) {
    const source = printable(doc.source);
    lines.push(c.dim(`  ${doc.kind}: ${source} (${doc.bytes} bytes, sha256 ${doc.sha256.slice(0, 16)}…)`));
  }
  if (outcome.error !== undefined) {
    lines.push(`  ${c.red('could not be read')}: ${outcome.error.code}: ${printable(outcome.error.message)}`);
  }

  const findings = report?.findings ?? [];
  for (const severity of SEVERITY_ORDER) {
    const group = findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    lines.push('', `  ${paint(severity, c)(`${HEADINGS[severity]} (${group.length})`)}`);
    for (const finding of group) lines.push(...formatFinding(finding, c));
  }

  const keys = report?.keys ?? [];
  if (report !== undefined && report.kind === 'jwks') lines.push('', ...formatKeys(keys, c));
  else if (keys.length > 0) lines.push('', ...formatKeys(keys, c));

  lines.push('', `  ${verdictLine(outcome, failOn, c)}`, '');
  return lines.join('\n');
}

/** Everything but the rule id and spec comes from the document, member names in pointers included. */
function formatFinding(f: Finding, c: Palette): string[] {
  const where = [f.document === 'discovery' ? 'discovery' : 'jwks', f.pointer === '' ? '/' : printable(f.pointer)];
  // Quoted as JSON, so a kid holding a quote cannot pass for the end of the kid and the start of something else.
  const who = f.kid !== undefined ? ` kid ${printable(JSON.stringify(clipped(f.kid, MAX_VALUE_CHARS)))}` : '';
  const out = [
    `    ${paint(f.severity, c)(f.ruleId)}  ${c.dim(where.join(' '))}${who}`,
    `      ${printable(f.message)}`,
  ];
  if (f.expected !== undefined || f.actual !== undefined) {
    const expected = f.expected === undefined ? '—' : printable(f.expected);
    const actual = f.actual === undefined ? '—' : printable(f.actual);
    out.push(c.dim(`      expected: ${expected}; actual: ${actual}`));
  }
  out.push(c.dim(`      spec: ${f.spec}`));
  return out;
}

function formatKeys(keys: readonly KeySummary[], c: Palette): string[] {
  if (keys.length === 0) return ['  Keys: none'];
  const header = ['#', 'kid', 'kty', 'size/curve', 'alg', 'use', 'thumbprint (RFC 7638)'];
  const cell = (value: string | undefined) => (value === undefined ? '—' : printable(clipped(value, MAX_VALUE_CHARS)));
  const rows = keys.map((k) => [
    String(k.index),
    cell(k.kid),
    cell(k.kty),
    k.crv !== undefined ? cell(k.crv) : k.bits !== undefined ? `${k.bits} bits` : '—',
    cell(k.alg),
    cell(k.use),
    k.thumbprint ?? '—',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    `    ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}`.trimEnd();
  const out = [`  Keys (${keys.length})`, c.dim(line(header)), ...rows.map(line)];
  for (const k of keys) {
    if (k.privateMembers.length > 0) {
      const where = k.privateMembers.map((m) => (m === '' ? ELEMENT_ITSELF : printable(m)));
      out.push(c.red(`    key #${k.index} carries private/symmetric material: ${where.join(', ')} (values withheld)`));
    }
  }
  return out;
}

function verdictLine(outcome: TargetOutcome, failOn: Severity, c: Palette): string {
  const findings = outcome.report?.findings ?? [];
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const tally = `${count('error')} errors, ${count('warning')} warnings, ${count('info')} info`;
  if (outcome.error !== undefined) return `${c.red('Verdict: NOT CHECKED')}: ${outcome.error.code}; ${tally}`;
  return isFailing(outcome, failOn)
    ? `${c.red('Verdict: FAIL')}: ${tally} (failing on ${failOn} and above)`
    : `${c.green('Verdict: PASS')}: ${tally} (failing on ${failOn} and above)`;
}

export function isFailing(outcome: TargetOutcome, failOn: Severity): boolean {
  const threshold = SEVERITY_ORDER.indexOf(failOn);
  return (
    outcome.error !== undefined ||
    (outcome.report?.findings ?? []).some((f) => SEVERITY_ORDER.indexOf(f.severity) <= threshold)
  );
}

function paint(severity: Severity, c: Palette): (s: string) => string {
  return severity === 'error' ? c.red : severity === 'warning' ? c.yellow : c.blue;
}
