/**
 * The store: one database, its repositories, prepared once. Built by the composition root after migrating.
 */
import type { Db } from './open-database.js';
import { createEventsRepository, type EventsRepository } from './events-repository.js';
import { createHistoryRepository, type HistoryRepository } from './history-repository.js';
import { createPollRepository, type PollRepository } from './poll-repository.js';
import { createProvidersRepository, type ProvidersRepository } from './providers-repository.js';
import { createRunPruner, type PruneOptions, type PruneResult } from './retention.js';

export interface Store {
  readonly db: Db;
  readonly providers: ProvidersRepository;
  /** What `recordPoll` (src/history/record-poll.ts) writes through. */
  readonly poll: PollRepository;
  readonly history: HistoryRepository;
  readonly events: EventsRepository;
  pruneRuns(options: PruneOptions): PruneResult;
  close(): void;
}

export function createStore(db: Db): Store {
  return {
    db,
    providers: createProvidersRepository(db),
    poll: createPollRepository(db),
    history: createHistoryRepository(db),
    events: createEventsRepository(db),
    pruneRuns: createRunPruner(db),
    close: () => db.close(),
  };
}
