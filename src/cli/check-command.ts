import { parseArgs } from 'node:util';
import { createEngine } from '../checks/engine.js';
import { DEFAULT_CHECK_OPTIONS, PROFILES, SEVERITIES, type Profile, type Severity } from '../checks/types.js';
import { ENV_SETTINGS, MAX_FETCH_TIMEOUT_MS } from '../config.js';
import { createFetcher } from '../fetch/index.js';
import { checkTarget, type TargetOutcome } from '../probe/check-target.js';
import { VERSION } from '../version.js';
import { shownTarget, withoutTypedCredentials } from './entered-target.js';
import { formatOutcome, isFailing, paletteFor } from './format-human.js';
import { EXIT, type CliIo } from './io.js';
import { readTargetFile } from './read-target-file.js';
import { printable } from './terminal-text.js';

export const CHECK_USAGE = `Usage: jwks-monitor check <url-or-file>... [options]

Checks JWKS and OpenID / OAuth discovery documents against the rule catalogue.
A target is an https URL (issuer, discovery URL or JWKS URL) or a local file.

Options:
  --json                 JSON Lines output, one object per target
  --profile <name>       ${PROFILES.join(' | ')} (default: core for a JWKS, oidc for discovery)
  --allow-private        allow private, loopback and link-local addresses (internal IdPs, tests)
  --min-keys <n>         fewer keys than this is an error
  --max-keys <n>         more keys than this is an error
  --fail-on <severity>   ${SEVERITIES.join(' | ')} (default: error)
  --timeout-ms <ms>      whole-fetch timeout, at most ${MAX_FETCH_TIMEOUT_MS} (default: 10000)

Exit codes: 0 no finding at or above --fail-on; 1 such findings; 2 bad usage or a target that could not be read.
Extra CA certificates: set NODE_EXTRA_CA_CERTS=/path/to/ca.pem.`;

const DECIMAL_DIGITS = /^[0-9]+$/;

interface CheckArgs {
  targets: string[];
  json: boolean;
  profile: Profile | undefined;
  allowPrivate: boolean;
  minKeys: number | undefined;
  maxKeys: number | undefined;
  failOn: Severity;
  timeoutMs: number | undefined;
}

/** Parses the arguments; returns a list of problems instead of throwing (all of them at once). */
export function parseCheckArgs(argv: readonly string[]): CheckArgs | { problems: string[] } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        profile: { type: 'string' },
        'allow-private': { type: 'boolean', default: false },
        'min-keys': { type: 'string' },
        'max-keys': { type: 'string' },
        'fail-on': { type: 'string', default: 'error' },
        'timeout-ms': { type: 'string' },
      },
    });
  } catch (error) {
    return { problems: [error instanceof Error ? error.message : String(error)] };
  }
  const { values, positionals } = parsed;
  const problems: string[] = [];
  if (positionals.length === 0) problems.push('at least one target (URL or file) is required');
  const profile = values.profile;
  if (profile !== undefined && !isOneOf(profile, PROFILES))
    problems.push(`--profile must be one of ${PROFILES.join(', ')}`);
  const failOn = values['fail-on'];
  if (!isOneOf(failOn, SEVERITIES)) problems.push(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
  const count = (name: string, raw: string | undefined, min: number, max?: number) => {
    if (raw === undefined) return undefined;
    // Decimal digits only, like the API: Number() reads "" as 0 (an empty --min-keys silently dropped the bound)
    // and takes "0x10", "1e3", "+1" and " 10" (review of the CLI, defect 7).
    const n = DECIMAL_DIGITS.test(raw) ? Number(raw) : NaN;
    if (!Number.isSafeInteger(n) || n < min || (max !== undefined && n > max)) {
      const range = `>= ${min}${max === undefined ? '' : ` and <= ${max}`}`;
      problems.push(`--${name} must be an integer ${range} (got ${printable(JSON.stringify(raw))})`);
    }
    return n;
  };
  const minKeys = count('min-keys', values['min-keys'], 0);
  const maxKeys = count('max-keys', values['max-keys'], 0);
  const timeoutMs = count('timeout-ms', values['timeout-ms'], 1, MAX_FETCH_TIMEOUT_MS);
  if (minKeys !== undefined && maxKeys !== undefined && minKeys > maxKeys)
    problems.push('--min-keys must not exceed --max-keys');
  if (problems.length > 0) return { problems };
  return {
    targets: positionals,
    json: values.json,
    profile: profile as Profile | undefined,
    allowPrivate: values['allow-private'],
    minKeys,
    maxKeys,
    failOn: failOn as Severity,
    timeoutMs,
  };
}

export async function checkCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseCheckArgs(argv);
  // Read as the service reads it (1, 0, true, false), so one environment means the same to both.
  const envProblems: string[] = [];
  const allowPrivateByEnv = ENV_SETTINGS.allowPrivateNetworks.parse(io.env['ALLOW_PRIVATE_NETWORKS'], envProblems);
  const problems = [...('problems' in args ? args.problems : []), ...envProblems];
  if (problems.length > 0 || 'problems' in args) {
    for (const p of problems) io.stderr.write(`jwks-monitor check: ${printable(p)}\n`);
    io.stderr.write(`\n${CHECK_USAGE}\n`);
    return EXIT.usage;
  }
  const fetcher = createFetcher({
    allowPrivateNetworks: args.allowPrivate || allowPrivateByEnv,
    userAgent: `jwks-monitor/${VERSION} (check)`,
    ...(args.timeoutMs !== undefined && { totalTimeoutMs: args.timeoutMs }),
  });
  const engine = createEngine();
  const options = { ...DEFAULT_CHECK_OPTIONS, minKeys: args.minKeys, maxKeys: args.maxKeys };
  const palette = paletteFor(io.stdout, io.env);
  let exit: number = EXIT.ok;
  try {
    for (const target of args.targets) {
      // The fetcher refuses a URL with credentials and never sends them; they must not be echoed either (CI logs).
      const shown = shownTarget(target);
      const checked = await checkTarget(
        target,
        {
          fetch: (url) => fetcher.get(url),
          readFile: readTargetFile,
          engine,
          now: () => new Date(),
        },
        { profile: args.profile, options },
      );
      const outcome: TargetOutcome = {
        ...checked,
        target: shown,
        ...(checked.error !== undefined && {
          error: { ...checked.error, message: withoutTypedCredentials(checked.error.message, target) },
        }),
      };
      // printable(): JSON.stringify leaves DEL, C1 controls and U+2028 raw; their \u escapes are the same JSON.
      io.stdout.write(
        args.json
          ? `${printable(JSON.stringify(toJsonLine(outcome, args.failOn)))}\n`
          : formatOutcome(outcome, args.failOn, palette),
      );
      if (outcome.error !== undefined) {
        const { code, message } = outcome.error;
        io.stderr.write(`jwks-monitor check: ${printable(shown)}: ${code}: ${printable(message)}\n`);
        exit = EXIT.usage;
      } else if (exit === EXIT.ok && isFailing(outcome, args.failOn)) {
        exit = EXIT.findings;
      }
    }
  } finally {
    await fetcher.close();
  }
  return exit;
}

function toJsonLine(outcome: TargetOutcome, failOn: Severity) {
  const { report } = outcome;
  return {
    target: outcome.target,
    kind: report?.kind ?? null,
    ok: !isFailing(outcome, failOn),
    profile: report?.profile ?? null,
    findings: report?.findings ?? [],
    keys: report?.keys ?? [],
    documents: report?.documents ?? [],
    skippedRules: report?.skippedRules ?? [],
    ...(outcome.error !== undefined && { error: outcome.error }),
  };
}

function isOneOf<T extends string>(value: string, options: readonly T[]): value is T {
  return (options as readonly string[]).includes(value);
}
