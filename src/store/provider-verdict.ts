/**
 * The parts of a provider's latest state that a settings change alters at once, before its next poll: the status
 * and open counts when the silenced rules change (a silenced rule does not count towards the status), and the
 * history baseline when the URL changes (what the new URL serves is not compared with what the old one served).
 * Called by the providers repository inside the update's transaction.
 */
import { HISTORY_RULE_IDS } from '../checks/history/index.js';
import type { Severity } from '../checks/types.js';
import { clipText, groupedConformanceEvents, type ProviderRef } from '../history/events.js';
import type { ProviderStatus } from '../history/types.js';
import { verdictStatus } from '../history/verdict-status.js';
import type { Db } from './open-database.js';
import { toSeverity } from './rows.js';

export interface ProviderVerdictStatements {
  /**
   * Recounts the open findings that are not silenced and derives the status from them, as the recorder does on a
   * poll (src/history/plan-poll.ts, "Status"): `down` and `pending` are about reachability and stay until a poll.
   */
  recount(providerId: number, silencedRuleIds: ReadonlySet<string>): void;
  /**
   * Starts a new history baseline after a URL change: the next content is the provider's first, not a change. The
   * history so far (snapshots, runs, events) stays; the open key inventory is closed without key.removed events;
   * the rotation findings, which judged the old URL's changes, resolve (conformance.resolved, as a poll would say).
   */
  startBaseline(provider: ProviderRef, now: number): void;
}

export function createProviderVerdictStatements(db: Db): ProviderVerdictStatements {
  const openCounts = db.prepare<[number], { rule_id: string; severity: string; n: number }>(
    `SELECT rule_id, severity, count(*) AS n FROM incidents INDEXED BY incidents_open
     WHERE provider_id = ? AND resolved_at IS NULL GROUP BY rule_id, severity`,
  );
  const currentStatus = db.prepare<[number], { status: string }>('SELECT status FROM providers WHERE id = ?');
  const setVerdict = db.prepare<{ id: number; status: string; errors: number; warnings: number; infos: number }>(
    `UPDATE providers SET status = @status, open_errors = @errors, open_warnings = @warnings, open_infos = @infos
     WHERE id = @id`,
  );

  // The live columns of the latest observation, written into its history row (what the recorder's flush does), so
  // that row keeps its last sighting and poll count once the provider row stops pointing at it.
  const flushObservation = db.prepare<{ id: number }>(
    `UPDATE provider_snapshots SET last_seen_at = max(provider_snapshots.last_seen_at, p.obs_last_seen_at),
       poll_count = max(provider_snapshots.poll_count, p.obs_poll_count), etag = p.obs_etag,
       last_modified = p.obs_last_modified, cache_control = p.obs_cache_control
     FROM (SELECT obs_history_id, obs_last_seen_at, obs_poll_count, obs_etag, obs_last_modified, obs_cache_control
           FROM providers WHERE id = @id) AS p
     WHERE provider_snapshots.id = p.obs_history_id AND p.obs_last_seen_at IS NOT NULL`,
  );
  // The current keys were last seen with the confirmed content (flushed above when it is the observation).
  const closeKeys = db.prepare<{ id: number; now: number }>(
    `UPDATE keys SET removed_at = @now, last_seen_at = max(last_seen_at, coalesce(
       (SELECT ps.last_seen_at FROM provider_snapshots ps JOIN providers p ON ps.id = p.confirmed_history_id
        WHERE p.id = @id), last_seen_at))
     WHERE provider_id = @id AND removed_at IS NULL`,
  );
  const rotationIncidents = db.prepare<
    { id: number; rules: string },
    {
      id: number;
      rule_id: string;
      severity: string;
      message: string;
      pointer: string;
      kid: string | null;
      thumbprint: string | null;
      silenced: number;
    }
  >(
    `SELECT id, rule_id, severity, message, pointer, kid, thumbprint, silenced FROM incidents INDEXED BY incidents_open
     WHERE provider_id = @id AND resolved_at IS NULL AND rule_id IN (SELECT value FROM json_each(@rules))`,
  );
  const resolveIncident = db.prepare<{ id: number; now: number }>(
    `UPDATE incidents SET resolved_at = @now, seen_in_latest = 0,
       last_seen_at = CASE WHEN seen_in_latest = 1
         THEN max(last_seen_at, coalesce((SELECT last_verdict_at FROM providers WHERE id = incidents.provider_id), 0))
         ELSE last_seen_at END
     WHERE id = @id`,
  );
  const insertEvent = db.prepare<[string, number, number, string]>(
    'INSERT INTO events (type, provider_id, created_at, payload) VALUES (?, ?, ?, ?)',
  );
  // history_since_at hides the older history rows and inventory from the recorder (poll-repository.ts loadState);
  // history_recheck_at = 0 sends the next poll through the full recorder.
  const clearRecorderState = db.prepare<{ id: number; now: number }>(
    `UPDATE providers SET obs_history_id = NULL, obs_last_seen_at = NULL, obs_poll_count = 0, obs_etag = NULL,
       obs_last_modified = NULL, obs_cache_control = NULL, obs_raw_sha = NULL, obs_confirmed = 0,
       confirmed_history_id = NULL, transition_from_history_id = NULL, transition_at = NULL, flap_started_at = NULL,
       last_flap_at = NULL, engine_findings_sig = NULL, history_recheck_at = 0, history_since_at = @now
     WHERE id = @id`,
  );

  return {
    recount(providerId, silencedRuleIds) {
      const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
      for (const row of openCounts.all(providerId)) {
        if (!silencedRuleIds.has(row.rule_id)) counts[toSeverity(row.severity)] += row.n;
      }
      const status = currentStatus.get(providerId)?.status;
      if (status === undefined) return;
      setVerdict.run({
        id: providerId,
        status: statusAfterRecount(status, counts),
        errors: counts.error,
        warnings: counts.warning,
        infos: counts.info,
      });
    },
    startBaseline(provider, now) {
      const id = provider.id;
      flushObservation.run({ id });
      closeKeys.run({ id, now });
      const resolved = rotationIncidents.all({ id, rules: JSON.stringify([...HISTORY_RULE_IDS]) });
      for (const incident of resolved) resolveIncident.run({ id: incident.id, now });
      const ref: ProviderRef = { id, name: clipText(provider.name), url: clipText(provider.url) };
      const findings = resolved
        .filter((incident) => incident.silenced !== 1)
        .map((incident) => ({
          ruleId: incident.rule_id,
          severity: toSeverity(incident.severity),
          message: incident.message,
          pointer: incident.pointer,
          ...(incident.kid !== null && { kid: incident.kid }),
          ...(incident.thumbprint !== null && { thumbprint: incident.thumbprint }),
        }));
      for (const event of groupedConformanceEvents('conformance.resolved', ref, findings))
        insertEvent.run(event.type, id, now, JSON.stringify(event.data));
      clearRecorderState.run({ id, now });
    },
  };
}

/** The status a provider's open counts give it; reachability (`down`) and the lack of a verdict (`pending`) stay. */
function statusAfterRecount(status: string, counts: Readonly<Record<Severity, number>>): ProviderStatus {
  if (status === 'down' || status === 'pending') return status;
  return verdictStatus(counts);
}
