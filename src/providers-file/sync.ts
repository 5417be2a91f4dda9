/**
 * Applies PROVIDERS_FILE to the database: the file is the whole truth about file-managed providers (created,
 * updated, removed to match it; a field left out returns to its default), and API-managed providers are never
 * touched. Providers are matched by name.
 */
import { isAppError } from '../errors.js';
import type { MonitorService } from '../service/monitor-service.js';
import {
  DEFAULT_INTERVAL_SECONDS,
  toProviderSettings,
  type ProviderInput,
  type UrlPolicy,
} from '../service/provider-input.js';
import type { ProviderRecord, ProviderSettings, ProvidersRepository } from '../store/providers-repository.js';
import { providersFileError } from './load.js';

export interface SyncSummary {
  /** Names of the providers created, updated and removed. */
  readonly created: readonly string[];
  readonly updated: readonly string[];
  readonly removed: readonly string[];
  /** How many declared providers already matched the file. */
  readonly unchanged: number;
}

export interface SyncOptions {
  /**
   * Runs the whole sync in one database transaction, e.g. `(work) => store.db.transaction(work)()`, so a file
   * that fails half way (a URL refused by the address policy) changes nothing. Without it, problems found
   * before any write (name clashes, duplicates) still change nothing, but a provider refused later leaves the
   * earlier ones applied; nothing is ever removed when there is a problem.
   */
  readonly atomically?: (work: () => void) => void;
}

/** Only to compute what an entry would store, for the unchanged test; the service validates with the real policy. */
const ANY_ADDRESS: UrlPolicy = { allowPrivateNetworks: true };

interface Plan {
  readonly create: { readonly name: string; readonly input: ProviderInput }[];
  readonly update: { readonly name: string; readonly id: number; readonly input: ProviderInput }[];
  readonly remove: readonly ProviderRecord[];
  unchanged: number;
}

/** Throws CONFIG_INVALID listing every problem; returns what changed. */
export function syncProvidersFile(
  inputs: readonly ProviderInput[],
  service: Pick<MonitorService, 'create' | 'update' | 'remove'>,
  providersRepo: Pick<ProvidersRepository, 'listAll'>,
  options: SyncOptions = {},
): SyncSummary {
  let summary: SyncSummary | undefined;
  const work = (): void => {
    const problems: string[] = [];
    const plan = planSync(inputs, providersRepo.listAll(), problems);
    if (problems.length > 0) throw providersFileError('PROVIDERS_FILE cannot be applied', problems);
    summary = applyPlan(plan, service, problems);
    if (problems.length > 0) throw providersFileError('PROVIDERS_FILE cannot be applied', problems);
  };
  if (options.atomically === undefined) work();
  else options.atomically(work);
  if (summary === undefined) throw new TypeError('atomically() must run the work it is given');
  return summary;
}

function planSync(inputs: readonly ProviderInput[], existing: readonly ProviderRecord[], problems: string[]): Plan {
  const byName = new Map(existing.map((p) => [p.name, p]));
  const declared = new Set<string>();
  const plan: Plan = { create: [], update: [], remove: [], unchanged: 0 };
  inputs.forEach((input, index) => {
    const name = (input.name ?? '').trim();
    const where = `providers[${index}] (${JSON.stringify(name)})`;
    if (declared.has(name)) {
      problems.push(`${where}: name is used by another entry of the file; names must be unique`);
      return;
    }
    declared.add(name);
    const current = byName.get(name);
    if (current === undefined) plan.create.push({ name, input });
    else if (current.source !== 'file') {
      problems.push(
        `${where}: provider ${current.id} has this name and is managed through the API; rename one of them`,
      );
    } else {
      const full = completeInput(input);
      if (isUnchanged(current, full)) plan.unchanged++;
      else plan.update.push({ name, id: current.id, input: full });
    }
  });
  return { ...plan, remove: existing.filter((p) => p.source === 'file' && !declared.has(p.name)) };
}

function applyPlan(
  plan: Plan,
  service: Pick<MonitorService, 'create' | 'update' | 'remove'>,
  problems: string[],
): SyncSummary {
  const created: string[] = [];
  const updated: string[] = [];
  const removed: string[] = [];
  const attempt = (name: string, write: () => void): boolean => {
    try {
      write();
      return true;
    } catch (error) {
      // A refused entry is a config problem; anything else (the database) is not ours to reword.
      if (!isAppError(error, 'VALIDATION_FAILED') && !isAppError(error, 'PROVIDER_CONFLICT')) throw error;
      problems.push(`${JSON.stringify(name)}: ${error.message.replace(/\bbody\./g, '')}`);
      return false;
    }
  };
  for (const { name, input } of plan.create) if (attempt(name, () => service.create(input, 'file'))) created.push(name);
  for (const { name, id, input } of plan.update) {
    if (attempt(name, () => service.update(id, input, { allowFileManaged: true }))) updated.push(name);
  }
  // Removing deletes history: only when the whole file was accepted.
  if (problems.length === 0) {
    for (const provider of plan.remove) {
      service.remove(provider.id, { allowFileManaged: true });
      removed.push(provider.name);
    }
  }
  return { created, updated, removed, unchanged: plan.unchanged };
}

/**
 * The entry with every optional field explicit: an update merges over the stored settings, and a field deleted
 * from the file must return to its default rather than keep its old value. `profile` stays omitted: with a URL
 * given, toProviderSettings derives the default from the URL's kind.
 */
function completeInput(input: ProviderInput): ProviderInput {
  return {
    ...input,
    intervalSeconds: input.intervalSeconds ?? DEFAULT_INTERVAL_SECONDS,
    minKeys: input.minKeys ?? null,
    maxKeys: input.maxKeys ?? null,
    tokenLifetimeSeconds: input.tokenLifetimeSeconds ?? null,
    clientCacheSeconds: input.clientCacheSeconds ?? null,
    silencedRules: input.silencedRules ?? [],
    tags: input.tags ?? [],
    enabled: input.enabled ?? true,
  };
}

/** True when applying the entry would store exactly what is stored (no write, no reschedule, no recheck). */
function isUnchanged(current: ProviderRecord, input: ProviderInput): boolean {
  let next: ProviderSettings;
  try {
    next = toProviderSettings(input, current, ANY_ADDRESS);
  } catch {
    return false; // the update will report it
  }
  return (
    next.name === current.name &&
    next.url === current.url &&
    next.kind === current.kind &&
    next.profile === current.profile &&
    next.intervalSeconds === current.intervalSeconds &&
    next.minKeys === current.minKeys &&
    next.maxKeys === current.maxKeys &&
    next.tokenLifetimeSeconds === current.tokenLifetimeSeconds &&
    next.clientCacheSeconds === current.clientCacheSeconds &&
    (next.enabled ?? true) === current.enabled &&
    sameList(next.tags ?? [], current.tags, (a, b) => a === b) &&
    sameList(next.silencedRules ?? [], current.silencedRules, (a, b) => a.ruleId === b.ruleId && a.reason === b.reason)
  );
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i];
      return y !== undefined && same(x, y);
    })
  );
}
