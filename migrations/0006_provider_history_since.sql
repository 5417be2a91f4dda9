-- A provider's URL can be edited. What the new URL serves is a new baseline, not a change of what the old URL served
-- (review rotation #3: a URL edit was reported as a disjoint rotation, key.added/removed, no-overlap and too-fast).
-- The history rows and key inventory from before the edit stay for the API, but the recorder no longer compares
-- with them: it reads history rows first seen at or after this time, and inventory rows still open or removed after
-- it. NULL: the whole history (no URL edit yet). Forward-only: never edit this file once landed.
ALTER TABLE providers ADD COLUMN history_since_at INTEGER;
