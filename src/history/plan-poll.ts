/**
 * The pure heart of the poll recorder: a provider's stored state plus one poll give every write and change event
 * of that poll. No SQL and no clock here (src/store applies the plan in one transaction).
 *
 * Debounce (shared/research/monitoring-anchors.md §6.3): a new content is a change only once confirmed, i.e.
 * seen `confirmPolls` polls in a row. Flapping, reported once per episode: a content that comes back within the
 * flap window after another one was seen (except a single rollback to the content confirmed before the latest
 * change), or keys of a never-confirmed content that vanish again. While flapping lasts a candidate must also stay
 * stable for as long as the turbulence before it lasted (at most the window). Findings are never delayed: incidents
 * open at once, and a change is judged when it is confirmed however late; only their resolution waits for
 * flapping to end, so alternating replicas do not open and close incidents on every flip.
 */
import type { FlapState, HistoryContent, HistoryInput, InventoryKey } from '../checks/history/types.js';
import { isSigningKey } from '../checks/history/support.js';
import { HISTORY_RULE_IDS } from '../checks/history/index.js';
import { DEFAULT_CHECK_OPTIONS, type Finding, type Severity } from '../checks/types.js';
import { diffKeys, type JwksDiff, type KeyView } from '../jwks/diff.js';
import { scrubSecrets } from '../jwks/redact.js';
import { isSilencedBy, leakRuleOf } from './silenced-events.js';
import {
  clipText,
  clipLabel,
  groupedConformanceEvents,
  keyRef,
  KEY_EVENTS_PER_KIND,
  MAX_LISTED,
  type ChangeEvent,
  type KidChange,
  type ProviderRef,
} from './events.js';
import { countBySeverity, findingsSignature, incidentSubject } from './findings.js';
import { runHistoryRules } from './run-history-rules.js';
import { verdictStatus } from './verdict-status.js';
import type {
  IncidentRow,
  InventoryRow,
  NewIncident,
  NewInventoryKey,
  PollFacts,
  PollPlan,
  ProviderPollState,
  ProviderStatus,
  RecorderSettings,
  RowRef,
  RecentContent,
  StoredContent,
  Validators,
} from './types.js';

const MS_PER_SECOND = 1_000;
const MS_PER_DAY = 24 * 60 * 60 * MS_PER_SECOND;
/** Newest distinct contents of a flap window whose keys are compared to name the keys that come and go. */
const UNSTABLE_KEYS_CONTENTS = 32;
/**
 * How key.private_material names the leak of a key published as JSON text (its private members are inside the
 * string, src/jwks/redact.ts reports the element itself); it maps to jwk.private.members, as the element does.
 */
export const JSON_TEXT_KEY_MEMBER = '(key as JSON text)';

/** A content as the planner compares it: key set plus discovery facts. */
interface Content {
  readonly hash: string;
  readonly keys: readonly KeyView[];
  readonly issuer?: string | undefined;
  readonly jwksUri?: string | undefined;
}

export function contentKey(content: Pick<Content, 'hash' | 'issuer' | 'jwksUri'>): string {
  return `${content.hash}\n${content.issuer ?? ''}\n${content.jwksUri ?? ''}`;
}

export function flapWindowMs(state: Pick<ProviderPollState, 'provider'>, settings: RecorderSettings): number {
  return (
    Math.max(settings.flapWindowSeconds, settings.flapWindowIntervals * state.provider.intervalSeconds) * MS_PER_SECOND
  );
}

export function planPoll(state: ProviderPollState, poll: PollFacts, settings: RecorderSettings): PollPlan {
  const { now } = poll;
  const provider = state.provider;
  const providerRef: ProviderRef = { id: provider.id, name: clipText(provider.name), url: clipText(provider.url) };
  const windowMs = flapWindowMs(state, settings);
  const events: ChangeEvent[] = [];
  const obs = state.observation;
  const silencedIds: ReadonlySet<string> = new Set(provider.silencedRules.map((s) => s.ruleId));

  // --- What was seen -------------------------------------------------------------------------------------------
  const observation = poll.observation;
  let content: Content | undefined;
  if (observation === 'not-modified') {
    content = obs;
  } else if (observation !== undefined) {
    const discovery = observation.discovery ?? { issuer: obs?.issuer, jwksUri: obs?.jwksUri };
    content = { hash: observation.hash, keys: observation.keys, issuer: discovery.issuer, jwksUri: discovery.jwksUri };
  }
  const same = content !== undefined && obs !== undefined && contentKey(content) === contentKey(obs);
  const validators: Validators =
    observation === 'not-modified' ? { ...validatorsOf(obs), ...poll.validators } : poll.validators;

  const latest: HistoryContent | undefined =
    content === undefined
      ? obs
      : {
          hash: content.hash,
          keys: content.keys,
          ...(content.issuer !== undefined && { issuer: content.issuer }),
          ...(content.jwksUri !== undefined && { jwksUri: content.jwksUri }),
          firstSeenAt: same && obs !== undefined ? obs.firstSeenAt : now,
          lastSeenAt: now,
          ...(validators.etag !== undefined && { etag: validators.etag }),
          ...(validators.lastModified !== undefined && { lastModified: validators.lastModified }),
        };
  const previous = content === undefined || same ? state.previousObservation : obs;
  const obsRef: RowRef | undefined =
    content === undefined ? obs?.historyId : same && obs !== undefined ? obs.historyId : 'new';

  // --- Flapping: a content coming back within the window after another one, or keys that came and went ---------
  let flap = state.flap;
  const recentWithin = state.recent.filter((r) => now - r.lastSeenAt < windowMs);
  if (content !== undefined && !same && obs !== undefined) {
    const key = contentKey(content);
    const hash = content.hash;
    // The hash first: a flapping provider has a row per change in the window, and most differ by it.
    const returning = recentWithin.some(
      (r) => r.historyId !== obs.historyId && r.hash === hash && contentKey(r) === key,
    );
    if ((returning && !isRollback(state, recentWithin, key)) || dropsTransientKeys(state.confirmed, obs, content)) {
      const wasActive = flap !== undefined && now - flap.lastFlapAt < windowMs;
      flap = { startedAt: wasActive && flap !== undefined ? flap.startedAt : now, lastFlapAt: now };
      if (!wasActive) {
        const contents = distinctContentList(recentWithin, content);
        const unstable = unstableKeys(contents);
        const flapping: ChangeEvent = {
          type: 'rotation.flapping',
          data: {
            provider: providerRef,
            since: new Date(flap.startedAt).toISOString(),
            contents: contents.length,
            snapshots: contents.slice(0, MAX_LISTED).map((c) => ({ hash: c.hash })),
            keys: unstable.slice(0, MAX_LISTED).map(keyRef),
            keyCount: unstable.length,
          },
        };
        // The episode still counts (debounce, incident): only the alert is silenced.
        if (!isSilencedBy(silencedIds, flapping)) events.push(flapping);
      }
    }
  }
  const flapActive = flap !== undefined && now - flap.lastFlapAt < windowMs;

  // --- Confirmation ---------------------------------------------------------------------------------------------
  let confirmedRef: RowRef | undefined = state.confirmed?.historyId;
  let current: HistoryContent | undefined = state.confirmed;
  let transitionFrom: StoredContent | undefined = state.transitionFrom;
  let transitionAt = state.transitionAt;
  let obsConfirmed = obs !== undefined && state.confirmed !== undefined && obs.historyId === state.confirmed.historyId;
  let confirmedAt: number | undefined;
  let changeConfirmedNow = false;
  let lastRotationAt = state.lastRotationAt;
  const inventoryAdd: NewInventoryKey[] = [];
  const inventoryRevive: { rowId: number; lastSeenAt: number }[] = [];
  const inventoryRemove: { rowId: number; removedAt: number; lastSeenAt: number }[] = [];

  if (content !== undefined && latest !== undefined && obsRef !== undefined) {
    const confirmedBefore = state.confirmed;
    let confirmNow = false;
    if (confirmedBefore === undefined) {
      confirmNow = true; // the baseline: the first content is the provider's state, not a change
    } else if (contentKey(content) === contentKey(confirmedBefore)) {
      obsConfirmed = true;
      confirmedRef = obsRef;
      current = latest;
      if (!same) confirmedAt = now;
    } else {
      const count = same && obs !== undefined ? obs.pollCount + 1 : 1;
      confirmNow =
        count >= settings.confirmPolls &&
        (!flapActive ||
          flap === undefined ||
          now - latest.firstSeenAt >= settleMs(flap, latest, recentWithin, windowMs));
      obsConfirmed = false;
    }

    if (confirmNow) {
      const at = latest.firstSeenAt;
      obsConfirmed = true;
      confirmedRef = obsRef;
      confirmedAt = now;
      current = latest;
      if (confirmedBefore !== undefined) {
        transitionFrom = confirmedBefore;
        transitionAt = at;
        changeConfirmedNow = true;
        const diff = diffKeys(confirmedBefore.keys, content.keys);
        if (diff.rotationState !== 'no_change') lastRotationAt = at;
        events.push(...changeEvents(providerRef, confirmedBefore, content, diff, at));
      }
      reconcileInventory(state, content.keys, confirmedBefore === undefined ? now : at, {
        add: inventoryAdd,
        revive: inventoryRevive,
        remove: inventoryRemove,
        lastSeenOfRemoved: confirmedBefore?.lastSeenAt ?? now,
        now,
      });
    }
  }
  // Keys of the confirmed set that an unconfirmed content still serves are seen by this poll all the same.
  const inventorySeen: number[] = [];
  if (content !== undefined && !obsConfirmed) {
    const served = new Set(content.keys.map(pairingOf));
    for (const row of state.inventory)
      if (row.removedAt === undefined && served.has(pairingOf(row))) inventorySeen.push(row.rowId);
  }

  // --- Private material: alerted on first sight, never debounced ------------------------------------------------
  // Only a content with private members can leak: the flap window's rows (up to 256 for a provider that rotates
  // on every poll) are read for what they leaked only then. A leak rule whose silence was lifted while it still
  // fires alerts again: for a receiver that only takes key.private_material, this is its first sight of the leak.
  const newContent = observation !== undefined && observation !== 'not-modified' && !same;
  const unsilenced = liftedSilences(state.openIncidents, silencedIds);
  if (
    content !== undefined &&
    (newContent || unsilenced.size > 0) &&
    content.keys.some((k) => k.privateMembers.length > 0)
  ) {
    const known = new Set<string>();
    if (newContent) for (const row of recentWithin) addLeaks(row.keys, known);
    if (obs !== undefined) addLeaks(obs.keys, known);
    // A key alerts for a member it did not leak before (or whose rule was just unsilenced) whose rule is not
    // silenced ("silenced rules never alert").
    const leaking = content.keys.filter((k) =>
      k.privateMembers.some((m) => {
        const rule = leakRuleOf(m);
        return (!known.has(`${k.id}/${m}`) || unsilenced.has(rule)) && !silencedIds.has(rule);
      }),
    );
    if (leaking.length > 0) {
      events.push({
        type: 'key.private_material',
        data: {
          provider: providerRef,
          count: leaking.length,
          keys: leaking.slice(0, MAX_LISTED).map((k) => ({
            index: k.index,
            ...(k.kid !== undefined && { kid: clipLabel(k.kid) }),
            ...(k.thumbprint !== undefined && { thumbprint: clipLabel(k.thumbprint) }),
            members: k.privateMembers.map((m) => (m === '' ? JSON_TEXT_KEY_MEMBER : m)),
          })),
        },
      });
    }
  }

  // --- History rules --------------------------------------------------------------------------------------------
  const inventoryAfter = applyInventory(
    state.inventory,
    inventoryAdd,
    inventoryRevive,
    inventoryRemove,
    inventorySeen,
    now,
  );
  const historySettings = {
    tokenLifetimeSeconds: provider.tokenLifetimeSeconds ?? settings.defaultTokenLifetimeSeconds,
    clientCacheSeconds: provider.clientCacheSeconds ?? settings.defaultClientCacheSeconds,
    keyAgeMaxDays: settings.keyAgeMaxDays,
    flapWindowSeconds: windowMs / MS_PER_SECOND,
  };
  let historyFindings: readonly Finding[] = [];
  let historyEvaluated: ReadonlySet<string> = new Set();
  if (current !== undefined && latest !== undefined) {
    const input: HistoryInput = {
      profile: provider.profile,
      options: { ...DEFAULT_CHECK_OPTIONS, minKeys: provider.minKeys, maxKeys: provider.maxKeys },
      now: new Date(now),
      settings: historySettings,
      current,
      transition:
        transitionFrom !== undefined && transitionAt !== undefined
          ? { from: transitionFrom, to: current, at: transitionAt, ...(changeConfirmedNow && { confirmedNow: true }) }
          : undefined,
      observed: { latest, previous },
      inventory: inventoryAfter,
      flapping: flap === undefined ? undefined : flapState(flap, recentWithin, content, now, windowMs),
    };
    const verdict = runHistoryRules(input);
    historyFindings = verdict.findings;
    historyEvaluated = verdict.evaluated;
  }

  // --- Incidents --------------------------------------------------------------------------------------------------
  const removedValues = observation !== undefined && observation !== 'not-modified' ? observation.removedValues : [];
  const engineFindings = poll.findings?.map((f) => scrub(f, removedValues));
  const allFindings = [...(engineFindings ?? []), ...historyFindings];
  const skipped = new Set(poll.skippedRules);
  const wasEvaluated = (ruleId: string): boolean =>
    HISTORY_RULE_IDS.has(ruleId) ? historyEvaluated.has(ruleId) : engineFindings !== undefined && !skipped.has(ruleId);

  const openByKey = new Map<string, IncidentRow>();
  for (const incident of state.openIncidents) openByKey.set(`${incident.ruleId}\n${incident.subject}`, incident);
  const firstByKey = new Map<string, { finding: Finding; subject: string }>();
  for (const finding of allFindings) {
    const subject = incidentSubject(finding);
    const key = `${finding.ruleId}\n${subject}`;
    if (!firstByKey.has(key)) firstByKey.set(key, { finding, subject });
  }
  const open: NewIncident[] = [];
  const seen: { id: number; finding: Finding; silenced: boolean }[] = [];
  /** This poll's findings of rules that are firing, not silenced: the content of a conformance.failed. */
  const firing: Finding[] = [];
  const unseen: number[] = [];
  const resolve: { id: number; lastSeenAt: number }[] = [];
  const resolvedRows: IncidentRow[] = [];
  const openSeverities: Severity[] = [];
  for (const [key, { finding, subject }] of firstByKey) {
    const silenced = silencedIds.has(finding.ruleId);
    const existing = openByKey.get(key);
    if (existing === undefined) open.push({ finding, subject, silenced });
    else if (needsUpdate(existing, finding, silenced)) seen.push({ id: existing.id, finding, silenced });
    if (!silenced) {
      openSeverities.push(finding.severity);
      firing.push(finding);
    }
  }
  const firingAfter = new Set(firing.map((f) => f.ruleId));
  for (const [key, incident] of openByKey) {
    if (firstByKey.has(key)) continue;
    if (wasEvaluated(incident.ruleId) && !flapActive) {
      resolve.push({
        id: incident.id,
        lastSeenAt: incident.seenInLatest ? (state.lastVerdictAt ?? incident.lastSeenAt) : incident.lastSeenAt,
      });
      resolvedRows.push(incident);
    } else {
      unseen.push(incident.id);
      if (!silencedIds.has(incident.ruleId)) openSeverities.push(incident.severity);
      // An unseen incident keeps its stored flag; firing is judged on stored flags (see firingRules).
      if (!incident.silenced) firingAfter.add(incident.ruleId);
    }
  }
  const hasVerdict = engineFindings !== undefined;
  // A provider's first verdict is its baseline, not a change (private material has alerted above regardless).
  if (state.lastVerdictAt !== undefined) {
    const firingBefore = firingRules(state.openIncidents);
    events.push(
      ...groupedConformanceEvents(
        'conformance.failed',
        providerRef,
        firing.filter((f) => !firingBefore.has(f.ruleId)),
      ),
    );
    events.push(
      ...groupedConformanceEvents(
        'conformance.resolved',
        providerRef,
        resolvedRows
          .filter((r) => !r.silenced && !firingAfter.has(r.ruleId))
          .map((r) => ({
            ruleId: r.ruleId,
            severity: r.severity,
            message: r.message,
            pointer: r.pointer,
            ...(r.kid !== undefined && { kid: r.kid }),
            ...(r.thumbprint !== undefined && { thumbprint: r.thumbprint }),
          })),
      ),
    );
  }

  // --- Status -----------------------------------------------------------------------------------------------------
  const ok = poll.outcome === 'ok';
  const consecutiveFailures = ok ? 0 : state.consecutiveFailures + 1;
  const consecutiveSuccesses = ok ? state.consecutiveSuccesses + 1 : 0;
  const openCounts = countBySeverity(openSeverities.map((severity) => ({ severity })));
  let status: ProviderStatus = state.status;
  if (!ok) {
    if (consecutiveFailures >= settings.downAfterFailures) status = 'down';
  } else if (!(state.status === 'down' && consecutiveSuccesses < settings.upAfterSuccesses)) {
    status = verdictStatus(openCounts);
  }
  if (status === 'down' && state.status !== 'down') {
    events.push({
      type: 'provider.down',
      data: {
        provider: providerRef,
        error: { code: poll.outcome, ...(poll.errorMessage !== undefined && { message: clipText(poll.errorMessage) }) },
        consecutiveFailures,
      },
    });
  } else if (status !== 'down' && state.status === 'down') {
    events.push({ type: 'provider.recovered', data: { provider: providerRef, consecutiveSuccesses } });
  }

  // --- Run ----------------------------------------------------------------------------------------------------------
  const pollCounts = countBySeverity(allFindings.filter((f) => !silencedIds.has(f.ruleId)));
  const signature = `${poll.outcome}|${status}|${ok ? (latest?.hash ?? '') : ''}|${findingsSignature(allFindings)}`;
  const extendRun = state.run !== undefined && state.run.signature === signature;
  const run: PollPlan['run'] =
    extendRun && state.run !== undefined
      ? { kind: 'extend', runId: state.run.id }
      : {
          kind: 'start',
          row: {
            outcome: poll.outcome,
            status,
            snapshotHash: ok ? latest?.hash : undefined,
            errors: pollCounts.error,
            warnings: pollCounts.warning,
            infos: pollCounts.info,
            signature,
            errorMessage: poll.errorMessage,
          },
        };

  // --- Provider state -----------------------------------------------------------------------------------------------
  const keyAgeDueAt = current === undefined ? undefined : keyAgeDue(current, inventoryAfter, settings.keyAgeMaxDays);
  const holdMs = (historySettings.tokenLifetimeSeconds + historySettings.clientCacheSeconds) * MS_PER_SECOND;
  // A change judged after its hold window (confirmed late) resolves at the next poll, which must not be the shortcut.
  const lateChange = changeConfirmedNow && transitionAt !== undefined && now - transitionAt >= holdMs;
  const horizons = [
    transitionAt === undefined ? undefined : transitionAt + holdMs,
    lateChange ? now + 1 : undefined,
    flap === undefined ? undefined : flap.lastFlapAt + windowMs,
    keyAgeDueAt,
  ].filter((t): t is number => t !== undefined && t > now);
  const historyRecheckAt = horizons.length === 0 ? undefined : Math.min(...horizons);

  const history: PollPlan['history'] =
    content === undefined
      ? { kind: 'none' }
      : same && obs !== undefined
        ? {
            kind: 'extend',
            historyId: obs.historyId,
            lastSeenAt: now,
            pollCount: obs.pollCount + 1,
            validators,
            confirmedAt,
          }
        : {
            kind: 'start',
            row: {
              snapshotHash: content.hash,
              firstSeenAt: now,
              confirmedAt,
              validators,
              issuer: content.issuer,
              jwksUri: content.jwksUri,
            },
          };

  return {
    providerId: provider.id,
    now,
    fast: false,
    flush: {
      ...(obs !== undefined && {
        observation: {
          historyId: obs.historyId,
          lastSeenAt: obs.lastSeenAt,
          pollCount: obs.pollCount,
          validators: validatorsOf(obs),
        },
      }),
      ...(state.run !== undefined && {
        run: { runId: state.run.id, lastAt: state.run.lastAt, pollCount: state.run.pollCount },
      }),
      ...(state.lastVerdictAt !== undefined && { incidentsSeenAt: state.lastVerdictAt }),
      ...(state.confirmed !== undefined && { currentKeysSeenAt: state.confirmed.lastSeenAt }),
    },
    snapshot:
      observation !== undefined && observation !== 'not-modified' && !same
        ? {
            hash: observation.hash,
            document: observation.document,
            keys: observation.keys,
            keyCount: observation.keyCount,
            privateMemberCount: observation.privateMemberCount,
          }
        : undefined,
    history,
    inventory: {
      add: inventoryAdd,
      revive: inventoryRevive,
      remove: inventoryRemove,
      seen: inventorySeen.length === 0 ? undefined : { rowIds: inventorySeen, lastSeenAt: now },
    },
    incidents: { open, seen, unseen, resolve },
    run,
    events,
    historyFindings,
    provider: {
      status,
      consecutiveFailures,
      consecutiveSuccesses,
      lastPollAt: now,
      lastSuccessAt: ok ? now : state.lastSuccessAt,
      lastVerdictAt: hasVerdict ? now : state.lastVerdictAt,
      keyCount: latest?.keys.length,
      openErrors: openCounts.error,
      openWarnings: openCounts.warning,
      openInfos: openCounts.info,
      lastRotationAt,
      latestSnapshotHash: latest?.hash,
      obsHistory: obsRef,
      obsLastSeenAt: latest?.lastSeenAt,
      obsPollCount: content === undefined ? (obs?.pollCount ?? 0) : same && obs !== undefined ? obs.pollCount + 1 : 1,
      obsValidators: content === undefined ? validatorsOf(obs) : validators,
      obsRawSha: content === undefined || observation === 'not-modified' ? state.obsRawSha : poll.rawSha,
      obsConfirmed,
      confirmedHistory: confirmedRef,
      transitionFromHistory: transitionFrom?.historyId,
      transitionAt,
      flapStartedAt: flap?.startedAt,
      lastFlapAt: flap?.lastFlapAt,
      historyRecheckAt,
      engineFindingsSig: engineFindings === undefined ? undefined : findingsSignature(engineFindings),
      runOutcome: poll.outcome,
      runSignature: signature,
      runLastAt: now,
      runPollCount: extendRun && state.run !== undefined ? state.run.pollCount + 1 : 1,
    },
  };
}

/** The events of a confirmed change: per key (capped), the rotation with its state, and discovery changes. */
function changeEvents(
  provider: ProviderRef,
  before: Content,
  after: Content,
  diff: JwksDiff,
  at: number,
): ChangeEvent[] {
  const events: ChangeEvent[] = [
    ...keyEvents('key.added', provider, diff.added, after.hash),
    ...keyEvents('key.removed', provider, diff.removed, after.hash),
  ];
  const changes: KidChange[] = diff.kidReused.map((reuse) => ({
    kid: clipLabel(reuse.kid),
    before: keyRef(reuse.before),
    after: keyRef(reuse.after),
  }));
  if (changes.length <= KEY_EVENTS_PER_KIND) {
    for (const change of changes) events.push({ type: 'key.changed', data: { provider, ...change } });
  } else {
    const listed = changes.slice(0, MAX_LISTED);
    events.push({
      type: 'key.changed',
      data: { provider, ...changes[0]!, changes: listed, count: changes.length },
    });
  }
  if (diff.rotationState !== 'no_change') {
    events.push({
      type: 'rotation.detected',
      data: {
        provider,
        state: diff.rotationState,
        at: new Date(at).toISOString(),
        from: before.hash,
        to: after.hash,
        added: diff.added.slice(0, MAX_LISTED).map(keyRef),
        removed: diff.removed.slice(0, MAX_LISTED).map(keyRef),
        addedCount: diff.added.length,
        removedCount: diff.removed.length,
      },
    });
  }
  const discovery = discoveryChanges(before, after);
  if (discovery.length > 0) events.push({ type: 'discovery.changed', data: { provider, changes: discovery } });
  return events;
}

/** A key event per key, or one for the kind listing them (bounded) when there are more than a few. */
function keyEvents(
  type: 'key.added' | 'key.removed',
  provider: ProviderRef,
  keys: readonly KeyView[],
  snapshot: string,
): ChangeEvent[] {
  if (keys.length <= KEY_EVENTS_PER_KIND)
    return keys.map((key) => ({ type, data: { provider, key: keyRef(key), snapshot } }));
  const listed = keys.slice(0, MAX_LISTED).map(keyRef);
  return [{ type, data: { provider, key: listed[0]!, keys: listed, count: keys.length, snapshot } }];
}

function validatorsOf(content: StoredContent | undefined): Validators {
  if (content === undefined) return {};
  return {
    ...(content.etag !== undefined && { etag: content.etag }),
    ...(content.lastModified !== undefined && { lastModified: content.lastModified }),
    ...(content.cacheControl !== undefined && { cacheControl: content.cacheControl }),
  };
}

/** The distinct contents of the flap window, newest first (this poll's content, if any, first). */
function distinctContentList(rows: readonly RecentContent[], content: Content | undefined): Content[] {
  const byKey = new Map<string, Content>();
  if (content !== undefined) byKey.set(contentKey(content), content);
  for (const row of rows) if (!byKey.has(contentKey(row))) byKey.set(contentKey(row), row);
  return [...byKey.values()];
}

/** The flap state the rules see; the keys that come and go are worked out only while the episode lasts. */
function flapState(
  flap: { readonly startedAt: number; readonly lastFlapAt: number },
  rows: readonly RecentContent[],
  content: Content | undefined,
  now: number,
  windowMs: number,
): FlapState {
  const contents = distinctContentList(rows, content);
  const active = now - flap.lastFlapAt < windowMs;
  return { ...flap, contents: contents.length, unstableKeys: active ? unstableKeys(contents) : [] };
}

/** Keys (material and kid) that some of the newest contents have and others lack. */
function unstableKeys(contents: readonly Content[]): KeyView[] {
  const compared = contents.slice(0, UNSTABLE_KEYS_CONTENTS);
  const sightings = new Map<string, { key: KeyView; sets: number }>();
  for (const content of compared) {
    const inThisSet = new Set<string>();
    for (const key of content.keys) {
      const pairing = pairingOf(key);
      if (inThisSet.has(pairing)) continue;
      inThisSet.add(pairing);
      const seen = sightings.get(pairing);
      if (seen === undefined) sightings.set(pairing, { key, sets: 1 });
      else seen.sets++;
    }
  }
  const unstable: KeyView[] = [];
  for (const { key, sets } of sightings.values()) if (sets < compared.length) unstable.push(key);
  return unstable;
}

function pairingOf(key: { readonly id: string; readonly kid?: string | undefined }): string {
  return `${key.id}\n${key.kid ?? ''}`;
}

/**
 * A return to the content confirmed before the latest change, while the window holds nothing but that change: a
 * rollback (or an outage's recovery), to be confirmed like any change rather than taken for replicas out of sync.
 * A second round trip within the window is flapping.
 */
function isRollback(state: ProviderPollState, recentWithin: readonly RecentContent[], key: string): boolean {
  const { confirmed, transitionFrom, observation } = state;
  if (confirmed === undefined || transitionFrom === undefined || observation === undefined) return false;
  if (observation.historyId !== confirmed.historyId || recentWithin.length !== 2) return false;
  const [newest, older] = recentWithin;
  return (
    newest?.historyId === observation.historyId &&
    older?.historyId === transitionFrom.historyId &&
    contentKey(older) === key
  );
}

/**
 * Whether the observation being left was never confirmed and served keys that neither the confirmed set nor this
 * poll's content has: keys that appeared and disappeared (the catalogue's flapping), e.g. an endpoint serving a
 * new key on every fetch, which never confirms and must not stay silent.
 */
function dropsTransientKeys(confirmed: Content | undefined, observation: StoredContent, content: Content): boolean {
  if (confirmed === undefined || observation.confirmedAt !== undefined) return false;
  const kept = new Set([...confirmed.keys, ...content.keys].map(pairingOf));
  return observation.keys.some((key) => !kept.has(pairingOf(key)));
}

/**
 * How long a new content must have been served alone to be confirmed while flapping lasts: as long as the
 * turbulence before it (from the last sighting of the oldest content in the flap window, the set that was stable
 * before, or from the episode's start), and at most the flap window. A CDN that took minutes to converge is
 * confirmed minutes later, not an hour later; replicas that stay out of sync rarely give a run that long, and the
 * run needed grows with the episode, so they do not turn into a rotation every few polls.
 */
function settleMs(
  flap: { readonly startedAt: number },
  latest: Pick<HistoryContent, 'firstSeenAt'>,
  recentWithin: readonly RecentContent[],
  windowMs: number,
): number {
  let since = flap.startedAt;
  for (const row of recentWithin) if (row.lastSeenAt < latest.firstSeenAt) since = Math.min(since, row.lastSeenAt);
  return Math.min(windowMs, Math.max(0, latest.firstSeenAt - since));
}

/** Leak rules with an open incident recorded as silenced that are no longer silenced. */
function liftedSilences(incidents: readonly IncidentRow[], silencedIds: ReadonlySet<string>): ReadonlySet<string> {
  const lifted = new Set<string>();
  for (const incident of incidents)
    if (incident.silenced && !silencedIds.has(incident.ruleId)) lifted.add(incident.ruleId);
  return lifted;
}

/** Adds what `keys` leaked, as key id and private member, to `known`. */
function addLeaks(keys: readonly KeyView[], known: Set<string>): void {
  for (const k of keys) for (const m of k.privateMembers) known.add(`${k.id}/${m}`);
}

function discoveryChanges(
  before: Content,
  after: Content,
): { member: 'issuer' | 'jwks_uri'; before: string; after: string }[] {
  const changes: { member: 'issuer' | 'jwks_uri'; before: string; after: string }[] = [];
  if (before.issuer !== undefined && after.issuer !== undefined && before.issuer !== after.issuer) {
    changes.push({ member: 'issuer', before: clipText(before.issuer), after: clipText(after.issuer) });
  }
  if (before.jwksUri !== undefined && after.jwksUri !== undefined && before.jwksUri !== after.jwksUri) {
    changes.push({ member: 'jwks_uri', before: clipText(before.jwksUri), after: clipText(after.jwksUri) });
  }
  return changes;
}

/** Brings the inventory in line with a confirmed key set: new pairings added, returning ones revived, gone ones removed. */
function reconcileInventory(
  state: ProviderPollState,
  keys: readonly KeyView[],
  at: number,
  out: {
    add: NewInventoryKey[];
    revive: { rowId: number; lastSeenAt: number }[];
    remove: { rowId: number; removedAt: number; lastSeenAt: number }[];
    lastSeenOfRemoved: number;
    now: number;
  },
): void {
  const pairing = (id: string, kid: string | undefined): string => `${id}\n${kid ?? ''}`;
  const wanted = new Map<string, KeyView>();
  for (const key of keys) if (!wanted.has(pairing(key.id, key.kid))) wanted.set(pairing(key.id, key.kid), key);
  const rows = new Map(state.inventory.map((row) => [pairing(row.id, row.kid), row] as const));
  for (const [p, key] of wanted) {
    const row = rows.get(p);
    if (row === undefined) out.add.push({ key, firstSeenAt: at });
    else if (row.removedAt !== undefined) out.revive.push({ rowId: row.rowId, lastSeenAt: out.now });
  }
  for (const [p, row] of rows) {
    if (row.removedAt === undefined && !wanted.has(p))
      out.remove.push({ rowId: row.rowId, removedAt: at, lastSeenAt: Math.max(row.lastSeenAt, out.lastSeenOfRemoved) });
  }
}

function applyInventory(
  inventory: readonly InventoryRow[],
  add: readonly NewInventoryKey[],
  revive: readonly { rowId: number; lastSeenAt: number }[],
  remove: readonly { rowId: number; removedAt: number; lastSeenAt: number }[],
  seen: readonly number[],
  now: number,
): InventoryKey[] {
  const revived = new Set([...revive.map((r) => r.rowId), ...seen]);
  const removed = new Map(remove.map((r) => [r.rowId, r] as const));
  const rows: InventoryKey[] = inventory.map((row) => {
    const base = { id: row.id, ...(row.kid !== undefined && { kid: row.kid }), firstSeenAt: row.firstSeenAt };
    const removal = removed.get(row.rowId);
    if (removal !== undefined) return { ...base, lastSeenAt: removal.lastSeenAt, removedAt: removal.removedAt };
    if (revived.has(row.rowId)) return { ...base, lastSeenAt: now };
    return row;
  });
  for (const { key, firstSeenAt } of add) {
    rows.push({ id: key.id, ...(key.kid !== undefined && { kid: key.kid }), firstSeenAt, lastSeenAt: now });
  }
  return rows;
}

/** When `rotation.key-age` would start to fire if nothing changes. */
function keyAgeDue(
  current: HistoryContent,
  inventory: readonly InventoryKey[],
  keyAgeMaxDays: number,
): number | undefined {
  const signing = current.keys.filter(isSigningKey);
  if (signing.length === 0) return undefined;
  let newest = Number.NEGATIVE_INFINITY;
  for (const key of signing) {
    let first: number | undefined;
    for (const row of inventory)
      if (row.id === key.id && (first === undefined || row.firstSeenAt < first)) first = row.firstSeenAt;
    newest = Math.max(newest, first ?? current.firstSeenAt);
  }
  return newest + keyAgeMaxDays * MS_PER_DAY + 1;
}

/**
 * The rules with an open incident not silenced. Conformance events are per rule (README: "a rule starts or stops
 * firing"): a subject opening or resolving while the rule fires on others is no news, and lifting a silence on a
 * rule that still fires is (review D3, D5). The stored flags are what the next poll compares against, so events
 * alternate per rule.
 */
function firingRules(incidents: readonly IncidentRow[]): ReadonlySet<string> {
  const rules = new Set<string>();
  for (const incident of incidents) if (!incident.silenced) rules.add(incident.ruleId);
  return rules;
}

/** An open incident seen again is rewritten only when what it shows changed (its last seen time is derived). */
function needsUpdate(incident: IncidentRow, finding: Finding, silenced: boolean): boolean {
  return (
    !incident.seenInLatest ||
    incident.silenced !== silenced ||
    incident.severity !== finding.severity ||
    incident.message !== finding.message ||
    incident.pointer !== finding.pointer ||
    incident.kid !== finding.kid ||
    incident.thumbprint !== finding.thumbprint
  );
}

function scrub(finding: Finding, removedValues: readonly string[]): Finding {
  if (removedValues.length === 0) return finding;
  return {
    ...finding,
    message: scrubSecrets(finding.message, removedValues),
    ...(finding.expected !== undefined && { expected: scrubSecrets(finding.expected, removedValues) }),
    ...(finding.actual !== undefined && { actual: scrubSecrets(finding.actual, removedValues) }),
  };
}
