import { parseArgs } from 'node:util';
import { createEngine } from '../checks/engine.js';
import { DEFAULT_CHECK_OPTIONS, PROFILES, SEVERITIES, type Profile, type Severity } from '../checks/types.js';
import { MAX_FETCH_TIMEOUT_MS } from '../config.js';
import { createFetcher, displayUrl } from '../fetch/index.js';
import { checkTarget, isUrl, type TargetOutcome } from '../probe/check-target.js';
import { readBoundedFile } from '../util/read-bounded-file.js';
import { VERSION } from '../version.js';
import { COLOURS, PLAIN, formatOutcome, isFailing } from './format-human.js';
import { EXIT, type CliIo } from './io.js';

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
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min || (max !== undefined && n > max))
      problems.push(`--${name} must be an integer >= ${min}${max === undefined ? '' : ` and <= ${max}`}`);
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
  if ('problems' in args) {
    for (const p of args.problems) io.stderr.write(`jwks-monitor check: ${p}\n`);
    io.stderr.write(`\n${CHECK_USAGE}\n`);
    return EXIT.usage;
  }
  const fetcher = createFetcher({
    allowPrivateNetworks: args.allowPrivate || io.env['ALLOW_PRIVATE_NETWORKS'] === '1',
    userAgent: `jwks-monitor/${VERSION} (check)`,
    ...(args.timeoutMs !== undefined && { totalTimeoutMs: args.timeoutMs }),
  });
  const engine = createEngine();
  const options = { ...DEFAULT_CHECK_OPTIONS, minKeys: args.minKeys, maxKeys: args.maxKeys };
  const palette = io.stdout.isTTY === true && io.env['NO_COLOR'] === undefined ? COLOURS : PLAIN;
  let exit: number = EXIT.ok;
  try {
    for (const target of args.targets) {
      // The fetcher refuses a URL with credentials and never sends them; they must not be echoed either (CI logs).
      const shown = isUrl(target) ? displayUrl(target) : target;
      const checked = await checkTarget(
        target,
        {
          fetch: (url) => fetcher.get(url),
          readFile: readBoundedFile,
          engine,
          now: () => new Date(),
        },
        { profile: args.profile, options },
      );
      const outcome: TargetOutcome = { ...checked, target: shown };
      io.stdout.write(
        args.json
          ? `${JSON.stringify(toJsonLine(outcome, args.failOn))}\n`
          : formatOutcome(outcome, args.failOn, palette),
      );
      if (outcome.error !== undefined) {
        io.stderr.write(`jwks-monitor check: ${shown}: ${outcome.error.code}: ${outcome.error.message}\n`);
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
