/**
 * The service's operations on providers, shared by the API and the providers file: validate, store, schedule,
 * and poll (one poll per provider at a time, whether the scheduler or a user asked).
 */
import { AppError, isAppError } from '../errors.js';
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
  /** One poll of a provider (src/probe/run-probe.ts, bound to its dependencies). */
  probe(provider: PollTarget, signal?: AbortSignal): Promise<ProbeResult>;
  /** Asks the scheduler to look for due work now (a new provider is polled at once). */
  wake(): void;
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

export function createMonitorService(deps: MonitorServiceDeps): MonitorService {
  const inFlight = new Map<number, Promise<ProbeResult>>();

  function get(id: number): ProviderRecord {
    const provider = deps.providers.get(id);
    if (provider === undefined) throw new AppError('PROVIDER_NOT_FOUND', `no provider with id ${id}`);
    return provider;
  }

  function assertWritable(provider: ProviderRecord, allowFileManaged: boolean | undefined): void {
    if (provider.source === 'file' && allowFileManaged !== true) {
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

  function poll(id: number, signal?: AbortSignal): Promise<ProbeResult> {
    const running = inFlight.get(id);
    if (running !== undefined) return running;
    const target = deps.providers.pollTarget(id);
    if (target === undefined) return Promise.reject(new AppError('PROVIDER_NOT_FOUND', `no provider with id ${id}`));
    const promise = deps.probe(target, signal).finally(() => inFlight.delete(id));
    inFlight.set(id, promise);
    return promise;
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
      const urlChanged = settings.url !== current.url;
      const updated = deps.providers.update(
        id,
        { ...settings, ...(urlChanged && { nextDueAt: deps.now() }) },
        deps.now(),
      );
      if (urlChanged) deps.wake();
      return updated;
    },
    remove(id, options) {
      assertWritable(get(id), options?.allowFileManaged);
      deps.providers.delete(id);
    },
    get,
    pollNow: (id) => poll(id),
    async pollScheduled(id, signal) {
      try {
        await poll(id, signal);
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
