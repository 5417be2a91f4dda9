/**
 * Retention of check runs: rows whose last poll is older than the retention window are deleted in small batches,
 * each its own short transaction, so pruning never holds the write lock long enough to delay a poll. A provider's
 * open run is never pruned (its last poll time lives on the provider row). Snapshots, history, incidents and
 * events are kept: they grow only when something changes.
 */
import type { Db } from './open-database.js';

export const DEFAULT_RETENTION_DAYS = 90;
export const DEFAULT_PRUNE_BATCH_ROWS = 500;
/** Upper bound on batches per call, so one call is bounded in time; call again to continue. */
export const DEFAULT_PRUNE_MAX_BATCHES = 200;
const MS_PER_DAY = 24 * 60 * 60 * 1000;

export interface PruneOptions {
  readonly now: number;
  readonly retentionDays?: number;
  readonly batchRows?: number;
  readonly maxBatches?: number;
}

export interface PruneResult {
  readonly deleted: number;
  readonly batches: number;
  /** True when the batch limit stopped the prune before every old row was gone. */
  readonly more: boolean;
}

/** Prepares the prune statement once; the returned function deletes old run rows batch by batch. */
export function createRunPruner(db: Db): (options: PruneOptions) => PruneResult {
  const batch = db.prepare<{ cutoff: number; limit: number }>(
    `DELETE FROM runs WHERE id IN (
       SELECT r.id FROM runs r
       WHERE r.last_at < @cutoff
         AND NOT EXISTS (SELECT 1 FROM providers p WHERE p.latest_run_id = r.id)
       ORDER BY r.id LIMIT @limit)`,
  );
  const deleteBatch = db.transaction((cutoff: number, limit: number) => batch.run({ cutoff, limit }).changes);

  return (options) => {
    const cutoff = options.now - (options.retentionDays ?? DEFAULT_RETENTION_DAYS) * MS_PER_DAY;
    const batchRows = options.batchRows ?? DEFAULT_PRUNE_BATCH_ROWS;
    const maxBatches = options.maxBatches ?? DEFAULT_PRUNE_MAX_BATCHES;
    let deleted = 0;
    let batches = 0;
    while (batches < maxBatches) {
      const changes = deleteBatch.immediate(cutoff, batchRows);
      batches++;
      deleted += changes;
      if (changes < batchRows) return { deleted, batches, more: false };
    }
    return { deleted, batches, more: true };
  };
}
