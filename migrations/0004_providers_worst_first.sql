-- The dashboard's overview lists providers worst first (down, failing, degraded, pending, up; then most open errors;
-- then name) and counts them per status every few seconds. With 20,000 providers a sort of the whole table costs
-- 8 ms on the first page and 40 ms on the last; this index turns both into a walk of one page of index entries, and
-- the per-status counts into a scan of the index alone. It changes only when a provider's status, open error count
-- or name changes, not on an unchanged poll. The CASE expression must stay identical to STATUS_RANK in
-- src/store/providers-repository.ts: SQLite uses an expression index only for the same expression.
-- Forward-only: never edit this file once landed.
CREATE INDEX providers_worst_first ON providers (
  (CASE status WHEN 'down' THEN 0 WHEN 'failing' THEN 1 WHEN 'degraded' THEN 2 WHEN 'pending' THEN 3 ELSE 4 END),
  open_errors DESC,
  name
);
