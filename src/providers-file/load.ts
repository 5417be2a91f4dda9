/**
 * PROVIDERS_FILE: providers declared in YAML or JSON, validated by the API's own schema (PROVIDER_CREATE_SCHEMA,
 * strictly: no coercion, unknown fields are errors). Every problem in the file is reported at once in one
 * CONFIG_INVALID error, each naming the entry (index and name) and the field.
 *
 * Shape: a top-level array of providers, or `{ providers: [...] }`.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { AppError, isAppError } from '../errors.js';
import { isRecord } from '../json/guards.js';
import {
  PROVIDER_CREATE_SCHEMA,
  toProviderSettings,
  type ProviderInput,
  type UrlPolicy,
} from '../service/provider-input.js';
import { scanJson } from '../json/scan.js';
import { findJsonSyntaxError } from './json-syntax.js';

/** Far deeper than a providers file needs (3 levels); the scan stops there. */
const MAX_JSON_DEPTH = 64;

/** A providers file is a hand-written list: 1 MiB holds thousands of providers and bounds what a typo can cost. */
export const MAX_PROVIDERS_FILE_BYTES = 1024 * 1024;
/** YAML anchors may share a block (silencedRules, tags) between entries; more than this is an expansion attack. */
const MAX_ALIAS_COUNT = 50;
/** Deeper than any valid provider (entry → silencedRules → rule); bounds the walk over hostile nesting. */
const MAX_DEPTH = 16;
/** A message, not a dump: the rest stay in `details.problems`. */
const MAX_PROBLEMS_IN_MESSAGE = 200;

export interface LoadOptions {
  /**
   * When given, each entry also passes the checks a schema cannot express (URL scheme and address policy, known
   * rule ids, minKeys <= maxKeys), so the file's every problem is reported by the load, not one by one at sync.
   */
  readonly policy?: UrlPolicy;
}

/** Reads, parses and validates the providers file; throws CONFIG_INVALID listing every problem. */
export async function loadProvidersFile(path: string, options: LoadOptions = {}): Promise<ProviderInput[]> {
  const text = await readCapped(path);
  const document = extname(path).toLowerCase() === '.json' ? parseJson(path, text) : parseYaml(path, text);
  const problems: string[] = [];
  const inputs = validateProviders(document, options.policy, problems);
  if (problems.length > 0) throw invalid(path, problems);
  return inputs;
}

/** Validates an already-parsed document (exported for tests and for callers holding the value in memory). */
export function validateProviders(
  document: unknown,
  policy: UrlPolicy | undefined,
  problems: string[],
): ProviderInput[] {
  const entries = providerEntries(document, problems);
  if (entries === undefined) return [];
  const validate = providerValidator();
  const inputs: ProviderInput[] = [];
  const firstIndexByName = new Map<string, number>();
  entries.forEach((entry, index) => {
    const where = entryLabel(index, entry);
    const valid = validate(entry);
    if (!valid) for (const error of validate.errors ?? []) problems.push(`${where}: ${describeAjvError(error)}`);
    const name = isRecord(entry) && typeof entry['name'] === 'string' ? entry['name'].trim() : undefined;
    if (name !== undefined) {
      const first = firstIndexByName.get(name);
      if (first !== undefined)
        problems.push(`${where}: name is also used by providers[${first}]; names must be unique`);
      else firstIndexByName.set(name, index);
    }
    if (!valid) return;
    if (policy !== undefined) {
      for (const problem of semanticProblems(entry, policy)) problems.push(`${where}: ${problem}`);
    }
    inputs.push(entry);
  });
  return inputs;
}

async function readCapped(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw invalid(path, ['is not a regular file']);
      if (stat.size > MAX_PROVIDERS_FILE_BYTES) throw tooLarge(path, stat.size);
      // Read one byte past the cap: the file may have grown since stat.
      const buffer = Buffer.alloc(MAX_PROVIDERS_FILE_BYTES + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
        if (bytesRead === 0) break;
        length += bytesRead;
        if (length > MAX_PROVIDERS_FILE_BYTES) throw tooLarge(path, length);
      }
      bytes = buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'is not readable (permission denied)'
          : `cannot be read (${code})`;
    throw new AppError('CONFIG_INVALID', `PROVIDERS_FILE ${path} ${reason}`, {
      cause: error,
      details: { path, problems: [reason] },
    });
  }
  try {
    // fatal: a stray Latin-1 byte is reported instead of becoming U+FFFD inside a provider name.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new AppError('CONFIG_INVALID', `PROVIDERS_FILE ${path} is not valid UTF-8`, {
      cause: error,
      details: { path, problems: ['is not valid UTF-8'] },
    });
  }
}

function tooLarge(path: string, size: number): AppError {
  return invalid(path, [`is ${size} bytes or more; the limit is ${MAX_PROVIDERS_FILE_BYTES} bytes`]);
}

function parseJson(path: string, text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    const found = findJsonSyntaxError(text);
    const problem =
      found === undefined
        ? `JSON syntax error: ${error instanceof Error ? error.message : String(error)}`
        : `JSON syntax error at line ${found.line}, column ${found.column}: ${found.problem}`;
    throw invalid(path, [problem], error);
  }
  // JSON.parse keeps the last of two members of one name: a provider declared with "url" twice would silently take
  // the second. Refused, as the YAML loader refuses duplicate keys.
  const scan = scanJson(text, MAX_JSON_DEPTH, false);
  const problems = scan.duplicates.map(
    ({ pointer, name }) =>
      `JSON: ${JSON.stringify(name)} occurs more than once in ${pointer === '' ? 'the top level' : pointer}`,
  );
  if (scan.tooDeepAt !== undefined) problems.push(`JSON: nested deeper than ${MAX_JSON_DEPTH} levels`);
  if (problems.length > 0) throw invalid(path, problems);
  return value;
}

function parseYaml(path: string, text: string): unknown {
  // YAML 1.2 core schema only: no custom or language tags (an unknown tag is an error, not a string), no `<<`
  // merge keys, string keys only, duplicate keys refused.
  const document = parseDocument(text, {
    version: '1.2',
    schema: 'core',
    customTags: null,
    resolveKnownTags: false,
    merge: false,
    stringKeys: true,
    uniqueKeys: true,
    strict: true,
    prettyErrors: true,
    logLevel: 'error',
  });
  const problems = [...document.errors, ...document.warnings].map((e) => `YAML: ${firstLine(e.message)}`);
  if (problems.length > 0) throw invalid(path, problems);
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  } catch (error) {
    // yaml throws a ReferenceError for an alias expansion beyond maxAliasCount.
    throw invalid(
      path,
      [
        `YAML: ${firstLine(error instanceof Error ? error.message : String(error))} (at most ${MAX_ALIAS_COUNT} aliases)`,
      ],
      error,
    );
  }
  const shapeProblem = cyclicOrTooDeep(value, 0, new Set());
  if (shapeProblem !== undefined) throw invalid(path, [`YAML: ${shapeProblem}`]);
  return value;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}

/** An anchor may refer to itself (`a: &x [*x]`), which yaml turns into a cyclic value. */
function cyclicOrTooDeep(value: unknown, depth: number, ancestors: Set<object>): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (ancestors.has(value)) return 'an alias refers to its own anchor';
  if (depth >= MAX_DEPTH) return `nesting deeper than ${MAX_DEPTH} levels`;
  ancestors.add(value);
  const children: unknown[] = Array.isArray(value) ? value : Object.values(value);
  for (const child of children) {
    const problem = cyclicOrTooDeep(child, depth + 1, ancestors);
    if (problem !== undefined) return problem;
  }
  ancestors.delete(value);
  return undefined;
}

/** The list of entries, or undefined (with the problem recorded) when the top level has the wrong shape. */
function providerEntries(document: unknown, problems: string[]): readonly unknown[] | undefined {
  if (Array.isArray(document)) return document;
  if (document === null || document === undefined) {
    // An empty file would remove every file-managed provider: say so explicitly instead.
    problems.push('the file is empty; write `providers: []` to declare no providers');
    return undefined;
  }
  if (!isRecord(document)) {
    problems.push('the top level must be a list of providers or an object with a `providers` list');
    return undefined;
  }
  for (const key of Object.keys(document)) {
    if (key !== 'providers') problems.push(`top level: ${JSON.stringify(key)} is not a known field (only "providers")`);
  }
  const providers = document['providers'];
  if (!Array.isArray(providers)) {
    problems.push(providers === undefined ? 'top level: providers is required' : 'top level: providers must be a list');
    return undefined;
  }
  return providers;
}

let compiled: ValidateFunction<ProviderInput> | undefined;

/** The API's create schema, compiled once, with the API's body settings: no coercion, no defaults, no stripping. */
function providerValidator(): ValidateFunction<ProviderInput> {
  compiled ??= new Ajv({
    allErrors: true,
    coerceTypes: false,
    removeAdditional: false,
    useDefaults: false,
    strict: false,
  }).compile<ProviderInput>(PROVIDER_CREATE_SCHEMA);
  return compiled;
}

const MAX_NAME_IN_LABEL = 60;

function entryLabel(index: number, entry: unknown): string {
  const name = isRecord(entry) ? entry['name'] : undefined;
  if (typeof name !== 'string' || name === '') return `providers[${index}]`;
  const shown = name.length > MAX_NAME_IN_LABEL ? `${name.slice(0, MAX_NAME_IN_LABEL)}…` : name;
  return `providers[${index}] (${JSON.stringify(shown)})`;
}

/** `/silencedRules/0/ruleId` → `silencedRules[0].ruleId` */
function fieldPath(instancePath: string, child?: string): string {
  const segments =
    instancePath === ''
      ? []
      : instancePath
          .slice(1)
          .split('/')
          .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) segments.push(child);
  let out = '';
  for (const segment of segments) out += /^\d+$/.test(segment) ? `[${segment}]` : out === '' ? segment : `.${segment}`;
  return out;
}

function describeAjvError(error: ErrorObject): string {
  const params: Record<string, unknown> = error.params;
  const message = error.message ?? 'is invalid';
  switch (error.keyword) {
    case 'additionalProperties': {
      const extra = params['additionalProperty'];
      return `${fieldPath(error.instancePath, typeof extra === 'string' ? extra : '?')} is not a known field`;
    }
    case 'required': {
      const missing = params['missingProperty'];
      return `${fieldPath(error.instancePath, typeof missing === 'string' ? missing : '?')} is required`;
    }
    case 'enum': {
      const allowed = params['allowedValues'];
      const list = Array.isArray(allowed) ? `: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` : '';
      return `${fieldPath(error.instancePath) || 'entry'} must be one of${list}`;
    }
    default:
      return `${fieldPath(error.instancePath) || 'entry'} ${message}`;
  }
}

/** The checks of toProviderSettings (the one mapper the API uses), as problems instead of an exception. */
function semanticProblems(entry: ProviderInput, policy: UrlPolicy): string[] {
  try {
    toProviderSettings(entry, undefined, policy);
    return [];
  } catch (error) {
    if (!isAppError(error, 'VALIDATION_FAILED')) throw error;
    const fields = error.details?.['fields'];
    if (!Array.isArray(fields)) return [error.message];
    return fields.map((f: unknown) => {
      if (!isRecord(f) || typeof f['field'] !== 'string' || typeof f['problem'] !== 'string') return error.message;
      return `${f['field'].replace(/^body\./, '').replace(/\.(\d+)(?=\.|$)/g, '[$1]')} ${f['problem']}`;
    });
  }
}

function invalid(path: string, problems: readonly string[], cause?: unknown): AppError {
  return providersFileError(`PROVIDERS_FILE ${path} is invalid`, problems, { path, cause });
}

/** One CONFIG_INVALID naming every problem (the message shows the first 200; `details.problems` has them all). */
export function providersFileError(
  subject: string,
  problems: readonly string[],
  context: { path?: string; cause?: unknown } = {},
): AppError {
  const shown = problems.slice(0, MAX_PROBLEMS_IN_MESSAGE);
  const more = problems.length - shown.length;
  const count = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  const message = `${subject} (${count}):\n  - ${shown.join('\n  - ')}${more > 0 ? `\n  … and ${more} more` : ''}`;
  return new AppError('CONFIG_INVALID', message, {
    ...(context.cause !== undefined && { cause: context.cause }),
    details: { ...(context.path !== undefined && { path: context.path }), problems: [...problems] },
  });
}
