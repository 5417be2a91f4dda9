/**
 * The service's operations on providers, shared by the API and the providers file: validate, store, schedule,
 * and poll (one poll per provider at a time, whether the scheduler or a user asked).
 */
import { AppError, isAppError } from '../errors.js';
import type { PollSummary } from '../probe/poller.js';
import type { ProbeResult } from '../probe/run-probe.js';
import type {
  PollTarget,
  ProviderRecord,
  ProviderSettings,
  ProvidersRepository,
} from '../store/providers-repository.js';
import { toProviderSettings, type ProviderInput, type UrlPolicy } from './provider-input.js';

export interface MonitorServiceDeps {
  readonly providers: ProvidersRepository;
  readonly policy: UrlPolicy;
  now(): number;
  /** One poll of a provider with its whole result (src/probe/poller.ts). */
  probe(provider: PollTarget, signal?: AbortSignal): Promise<ProbeResult>;
  /** One poll of a provider of which only the summary is wanted (the scheduler's). */
  probeSummary(provider: PollTarget, signal?: AbortSignal): Promise<PollSummary>;
  /** Asks the scheduler to look for due work now (a new provider is polled at once). */
  wake(): void;
  /**
   * Whether a PROVIDERS_FILE is configured. Without one, the providers it once declared are the API's to edit or
   * delete: nothing else could (they were read-only, with "edit the file" pointing at no file).
   */
  readonly providersFileSet: boolean;
}

export interface MonitorService {
  create(input: ProviderInput, source?: 'api' | 'file'): ProviderRecord;
  update(id: number, input: ProviderInput, options?: { readonly allowFileManaged?: boolean }): ProviderRecord;
  remove(id: number, options?: { readonly allowFileManaged?: boolean }): void;
  get(id: number): ProviderRecord;
  /** Polls now; joins the poll already running for this provider, if any. */
  pollNow(id: number): Promise<ProbeResult>;
  /** The scheduler's poll: the same deduplication as pollNow. */
  pollScheduled(id: number, signal: AbortSignal): Promise<void>;
  readonly pollsInFlight: number;
}

/**
 * A new due time when an update asks for one: a new URL is polled at once; a shorter interval brings the next poll
 * forward to one new interval after the last poll (it waited out the old interval: an hour for 3600 -> 10 s).
 */
function dueAfterUpdate(current: ProviderRecord, settings: ProviderSettings, now: number): number | undefined {
  if (settings.url !== current.url) return now;
  if (settings.intervalSeconds >= current.intervalSeconds || current.nextDueAt === undefined) return undefined;
  const sooner = (current.state.lastPollAt ?? now) + settings.intervalSeconds * 1000;
  return sooner < current.nextDueAt ? Math.max(now, sooner) : undefined;
}

export function createMonitorService(deps: MonitorServiceDeps): MonitorService {
  // The poll in flight per provider, whether its whole result will be at hand (pollNow) or only a summary, and how
  // to cancel a scheduled one.
  const inFlight = new Map<
    number,
    { readonly promise: Promise<unknown>; readonly full: boolean; readonly cancel?: AbortController }
  >();

  function get(id: number): ProviderRecord {
    const provider = deps.providers.get(id);
    if (provider === undefined) throw new AppError('PROVIDER_NOT_FOUND', `no provider with id ${id}`);
    return provider;
  }

  function assertWritable(provider: ProviderRecord, allowFileManaged: boolean | undefined): void {
    if (provider.source === 'file' && deps.providersFileSet && allowFileManaged !== true) {
      throw new AppError(
        'PROVIDER_READ_ONLY',
        `provider ${provider.id} is managed by PROVIDERS_FILE; edit the file and send SIGHUP`,
      );
    }
  }

  function assertNameFree(settings: ProviderSettings, exceptId?: number): void {
    const other = deps.providers.getByName(settings.name);
    if (other !== undefined && other.id !== exceptId) {
      throw new AppError('PROVIDER_CONFLICT', `a provider named "${settings.name}" exists already (id ${other.id})`, {
        details: { id: other.id },
      });
    }
  }

  function target(id: number): PollTarget {
    const found = deps.providers.pollTarget(id);
    if (found === undefined) throw new AppError('PROVIDER_NOT_FOUND', `no provider with id ${id}`);
    return found;
  }

  /** Runs `work` as the provider's one poll in flight; later callers see it until it settles. */
  function track<T>(id: number, work: Promise<T>, full: boolean, cancel?: AbortController): Promise<T> {
    const running = work.finally(() => {
      if (inFlight.get(id)?.promise === running) inFlight.delete(id);
    });
    inFlight.set(id, { promise: running, full, ...(cancel !== undefined && { cancel }) });
    return running;
  }

  /**
   * A scheduled poll still fetching the old URL when the URL changes would be recorded after the new baseline
   * (providers-repository.ts), as its first content, and the new URL's keys would then read as a rotation. Aborted,
   * it is not recorded (run-probe.ts); the new URL is polled at once instead.
   */
  function cancelScheduledPoll(id: number): void {
    const running = inFlight.get(id);
    if (running?.cancel === undefined) return;
    running.cancel.abort(new AppError('FETCH_ABORTED', `the URL of provider ${id} changed`));
    // The update's wake comes while the aborted poll still holds its claim, so the scheduler skips the provider and
    // moves its due time an interval on. Once the poll has let go (a turn later, when every reaction to it has run),
    // the provider is due again at once.
    void running.promise
      .catch(() => undefined)
      .then(() => {
        setImmediate(() => {
          if (deps.providers.get(id) === undefined) return;
          deps.providers.setNextDueAt(id, deps.now());
          deps.wake();
        });
      });
  }

  async function pollNow(id: number): Promise<ProbeResult> {
    const running = inFlight.get(id);
    if (running?.full === true) return running.promise as Promise<ProbeResult>;
    // A scheduled poll is running and its whole result stays in its thread: let it end, then poll again.
    if (running !== undefined) await running.promise.catch(() => undefined);
    const again = inFlight.get(id);
    if (again?.full === true) return again.promise as Promise<ProbeResult>;
    if (again !== undefined) return pollNow(id);
    return track(id, deps.probe(target(id)), true);
  }

  return {
    create(input, source = 'api') {
      const settings = toProviderSettings(input, undefined, deps.policy);
      assertNameFree(settings);
      const created = deps.providers.create({ ...settings, source, nextDueAt: deps.now() }, deps.now());
      deps.wake();
      return created;
    },
    update(id, input, options) {
      const current = get(id);
      assertWritable(current, options?.allowFileManaged);
      const settings = toProviderSettings(input, current, deps.policy);
      assertNameFree(settings, id);
      const nextDueAt = dueAfterUpdate(current, settings, deps.now());
      if (settings.url !== current.url) cancelScheduledPoll(id);
      const updated = deps.providers.update(
        id,
        { ...settings, ...(nextDueAt !== undefined && { nextDueAt }) },
        deps.now(),
      );
      if (nextDueAt !== undefined) deps.wake();
      return updated;
    },
    remove(id, options) {
      assertWritable(get(id), options?.allowFileManaged);
      deps.providers.delete(id);
    },
    get,
    pollNow,
    async pollScheduled(id, signal) {
      try {
        const running = inFlight.get(id);
        if (running !== undefined) {
          await running.promise;
          return;
        }
        const cancel = new AbortController();
        const both = AbortSignal.any([signal, cancel.signal]);
        await track(id, deps.probeSummary(target(id), both), false, cancel);
      } catch (error) {
        if (isAppError(error, 'PROVIDER_NOT_FOUND')) return; // deleted since it was claimed
        throw error;
      }
    },
    get pollsInFlight() {
      return inFlight.size;
    },
  };
}
