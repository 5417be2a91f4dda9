/**
 * The schedule as the scheduler sees it: which enabled providers are due, and their next due times. No index on
 * next_due_at: every poll writes it. The scheduler reads the due providers one id range at a time (a rowid range
 * search), so one read covers a slice of the table rather than all 20,000 rows.
 */
import type { DueProvider, ScheduleStore } from '../scheduler/scheduler.js';
import type { Db } from './open-database.js';

interface DueRow {
  id: number;
  url: string;
  next_due_at: number;
  interval_seconds: number;
}

/**
 * Providers never polled, or whose last claimed poll never ran, are spread over at most this at start (a burst of
 * first polls is a burst all the same).
 */
const FIRST_POLL_SPREAD_MS = 60_000;
/** A due time further than this many intervals past the last poll was set by a claim whose poll never ran. */
const LOST_CLAIM_INTERVALS = 1.5;

export interface ScheduleRepository extends ScheduleStore {
  /**
   * At start: providers overdue (the service was down) are spread over their interval, not polled in a burst; those
   * never polled, or whose claimed poll never ran (kill -9), over a minute at most.
   */
  spreadOverdue(now: number, random?: () => number): number;
}

export function createScheduleRepository(db: Db): ScheduleRepository {
  const due = db.prepare<[number, number, number, number], DueRow>(
    `SELECT id, url, next_due_at, interval_seconds FROM providers
      WHERE id > ? AND id <= ? AND enabled = 1 AND next_due_at IS NOT NULL AND next_due_at <= ?
      ORDER BY next_due_at LIMIT ?`,
  );
  const lastId = db.prepare<[], { id: number }>('SELECT coalesce(max(id), 0) AS id FROM providers');
  const setDue = db.prepare<[number, number]>('UPDATE providers SET next_due_at = ? WHERE id = ?');
  // A claim moves the due time an interval ahead before the poll runs; the poll's record is what says it ran. So a
  // provider never polled, or one whose due time is more than 1.5 intervals past its last poll (a claim whose poll
  // never ran: the process was killed between the two), is due soon, whatever its due time says. Jitter is 2% of
  // an interval, so a poll that was recorded never looks lost; a false alarm would only poll it early, once.
  const lostClaim = `(last_poll_at IS NULL OR next_due_at > last_poll_at + interval_seconds * ${LOST_CLAIM_INTERVALS * 1000})`;
  const overdue = db.prepare<[number], { id: number; interval_seconds: number; lost_claim: number }>(
    `SELECT id, interval_seconds, ${lostClaim} AS lost_claim FROM providers
      WHERE enabled = 1 AND (next_due_at IS NULL OR next_due_at < ? OR ${lostClaim})`,
  );
  const reschedule = db.transaction((entries: readonly { id: number; nextDueAt: number }[]) => {
    for (const e of entries) setDue.run(Math.round(e.nextDueAt), e.id);
  });

  return {
    dueProviders(until, limit, ids): DueProvider[] {
      if (limit <= 0) return [];
      return due.all(ids.afterId, ids.throughId, until, limit).map((r) => ({
        id: r.id,
        host: hostOf(r.url),
        nextDueAt: r.next_due_at,
        intervalMs: r.interval_seconds * 1000,
      }));
    },
    lastProviderId() {
      return lastId.get()?.id ?? 0;
    },
    reschedule(entries) {
      reschedule(entries);
    },
    spreadOverdue(now, random = Math.random) {
      const rows = overdue.all(now);
      // A first poll is not put off a whole interval: spread over a minute at most, as a registration polls at once.
      reschedule(
        rows.map((r) => {
          const spreadMs = r.interval_seconds * 1000;
          return {
            id: r.id,
            nextDueAt:
              now + Math.floor(random() * (r.lost_claim === 1 ? Math.min(spreadMs, FIRST_POLL_SPREAD_MS) : spreadMs)),
          };
        }),
      );
      return rows.length;
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
