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

/** Providers never polled are spread over at most this at start (a burst of first polls is a burst all the same). */
const FIRST_POLL_SPREAD_MS = 60_000;

export interface ScheduleRepository extends ScheduleStore {
  /**
   * At start: providers overdue (the service was down) are spread over their interval, not polled in a burst; those
   * never polled, over a minute at most.
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
  // A provider never polled is due too, whatever its due time says: a process killed between claiming its first
  // poll and starting it left that time an interval ahead.
  const overdue = db.prepare<[number], { id: number; interval_seconds: number; never_polled: number }>(
    `SELECT id, interval_seconds, last_poll_at IS NULL AS never_polled FROM providers
      WHERE enabled = 1 AND (next_due_at IS NULL OR next_due_at < ? OR last_poll_at IS NULL)`,
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
              now + Math.floor(random() * (r.never_polled === 1 ? Math.min(spreadMs, FIRST_POLL_SPREAD_MS) : spreadMs)),
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
