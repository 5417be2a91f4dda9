// One provider: its state, current keys, findings (open, silenced, recently resolved), a timeline of key sets with
// the rotation state of each change, a diff between any two snapshots, events and recent polls; "check now",
// silence a rule, edit and delete. Refreshes every REFRESH_MS, and every PENDING_REFRESH_MS while the first verdict
// is awaited; a failed load is retried at the next refresh. A load asked for while one runs ("check now", "silence")
// runs after it, so what the page shows follows the action.
import { api, ApiError, query } from '../api.js';
import { h, replace, uid, urlText } from '../dom.js';
import { ago, count, dateTime, date, latency, plural, seconds, shortDateTime, span, toTime } from '../format.js';
import { icon } from '../icons.js';
import { STATUS_INFO, findingCounts, severityBadge, statusBadge } from '../status.js';
import { certificateNotAfter } from '../x509.js';
import { diffView } from '../components/diff.js';
import { eventsTable } from '../components/events.js';
import { kidText, keyType, privateMark, thumbprintText } from '../components/keys.js';
import { timeline, timelineTable } from '../components/timeline.js';
import {
  actionButton,
  confirmDialog,
  describeError,
  emptyState,
  errorBox,
  loading,
  section,
  staleNotice,
  table,
  textDialog,
  timeAgo,
  toast,
} from '../ui.js';

const REFRESH_MS = 15_000;
const PENDING_REFRESH_MS = 2_000;
const TIMELINE_ENTRIES = 12;
/** Key sets per page of the Compare pickers (the newest first; "Load older key sets" adds a page). */
const SNAPSHOT_CHOICES = 50;
const RESOLVED_SHOWN = 10;
const RUNS_SHOWN = 15;
const EVENTS_SHOWN = 50;
const DAY_MS = 24 * 60 * 60 * 1000;
const CERT_SOON_DAYS = 30;
/** Rules that find private or symmetric key values in a published set (jwk.private.members, jwk.private.symmetric). */
const PRIVATE_RULE_PREFIX = 'jwk.private.';

/** The rule catalogue, fetched once per page load (titles for findings and the silence dialog). */
let rulesPromise = null;
function rules() {
  rulesPromise ??= api
    .get('/rules')
    .then((body) => new Map((body.rules ?? []).map((r) => [r.id, r])))
    .catch(() => {
      rulesPromise = null;
      return new Map();
    });
  return rulesPromise;
}

export function mountProvider(ctx, id) {
  ctx.setTitle('Provider');
  const base = `/providers/${id}`;
  const view = {
    provider: null,
    diffFrom: null,
    diffTo: null,
    lastCheck: null,
    timelineOpen: false,
    /** The key sets known to the page, newest first (history rows), and the cursor to older ones (null: none). */
    snapshots: [],
    snapshotsCursor: null,
  };
  let timer;
  /** The load under way, and the one asked for meanwhile (it starts when the first ends). */
  let running = null;
  let queued = null;
  let gone = false;
  /** When the page last showed the service's answer (epoch ms; 0: never). */
  let lastUpdated = 0;

  const staleSlot = h('div', { class: 'stale-slot' });
  const headerSlot = h('div', { class: 'page-header provider-header' }, loading('Loading provider…'));
  const checkSlot = h('div', { class: 'check-result', 'aria-live': 'polite' });
  const criticalSlot = h('div');
  const statsSlot = h('div', { class: 'stats' });
  const keysBody = h('div', {}, loading());
  const findingsBody = h('div', {}, loading());
  const timelineBody = h('div', {}, loading());
  const diffBody = h('div', {}, loading());
  const eventsBody = h('div', {}, loading());
  const pollsBody = h('div', {}, loading());
  const timelineCaption = h('p', { class: 'muted' });

  replace(
    ctx.root,
    h(
      'nav',
      { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
      h('a', { href: '#/' }, 'Providers'),
      h('span', { 'aria-hidden': 'true' }, '/'),
      h('span', { 'aria-current': 'page', class: 'crumb-current' }, `Provider ${id}`),
    ),
    staleSlot,
    headerSlot,
    criticalSlot,
    checkSlot,
    statsSlot,
    h(
      'nav',
      { class: 'section-nav', 'aria-label': 'Sections' },
      [
        ['keys', 'Keys'],
        ['findings', 'Findings'],
        ['timeline', 'Timeline'],
        ['compare', 'Compare'],
        ['events', 'Events'],
        ['polls', 'Polls'],
      ].map(([anchor, label]) =>
        h('a', { href: `#/providers/${id}`, dataset: { target: anchor }, onClick: (e) => jump(e, anchor) }, label),
      ),
    ),
    section(
      {
        title: 'Current keys',
        id: 'keys',
        description: 'The key set as last fetched, with when each key was first seen.',
      },
      keysBody,
    ),
    section(
      {
        title: 'Findings',
        id: 'findings',
        description: 'Open conformance findings, silenced rules, and what was fixed recently.',
      },
      findingsBody,
    ),
    section(
      {
        title: 'Timeline',
        id: 'timeline',
        description: 'Each key set published, oldest left, and how each change rotated the keys.',
      },
      timelineBody,
    ),
    section(
      { title: 'Compare snapshots', id: 'compare', description: 'What changed between any two key sets.' },
      diffBody,
    ),
    section(
      { title: 'Events', id: 'events', description: 'Changes this monitor noticed and alerted on, newest first.' },
      eventsBody,
    ),
    section(
      {
        title: 'Recent polls',
        id: 'polls',
        description: 'Consecutive polls with the same result are grouped into one row.',
      },
      pollsBody,
    ),
  );

  function jump(event, anchor) {
    // The hash holds the route; scroll to the section instead of navigating.
    event.preventDefault();
    const target = document.getElementById(anchor);
    target?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    target?.querySelector('h2')?.setAttribute('tabindex', '-1');
    target?.querySelector('h2')?.focus({ preventScroll: true });
  }

  /** Resolves once the page shows what the service held after the call: a load under way may predate it. */
  function load() {
    if (running === null) {
      running = loadOnce().finally(() => {
        running = null;
      });
      return running;
    }
    const next = () => {
      queued = null;
      return load();
    };
    queued ??= running.then(next, next);
    return queued;
  }

  async function loadOnce() {
    try {
      let provider;
      try {
        provider = await api.get(base);
      } catch (error) {
        if (!ctx.isCurrent()) return;
        if (error instanceof ApiError && error.status === 404) {
          gone = true;
          replace(
            ctx.root,
            emptyState(
              'Provider not found',
              `There is no provider ${id}; it may have been deleted.`,
              h('a', { class: 'btn', href: '#/' }, 'Back to the providers'),
            ),
          );
          return;
        }
        replace(
          headerSlot,
          errorBox(error, () => void load()),
        );
        if (view.provider === null) {
          // Nothing below can load without the provider: say so instead of spinning until the next refresh.
          const waiting = () => h('p', { class: 'muted' }, 'Not loaded: the provider could not be read.');
          for (const body of [keysBody, findingsBody, timelineBody, diffBody, eventsBody, pollsBody])
            replace(body, waiting());
        }
        return;
      }
      if (!ctx.isCurrent()) return;
      view.provider = provider;
      ctx.setTitle(provider.name);
      const crumb = ctx.root.querySelector('.crumb-current');
      if (crumb) crumb.textContent = provider.name;
      renderHeader(provider);
      ctx.focusHeading();
      renderStats(provider);
      await Promise.all([loadKeys(provider), loadFindings(provider), loadHistory(provider), loadEvents(), loadPolls()]);
      lastUpdated = Date.now();
    } finally {
      if (ctx.isCurrent()) {
        renderStaleness();
        schedule();
      }
    }
  }

  function renderStaleness() {
    replace(staleSlot, staleNotice(lastUpdated, REFRESH_MS));
  }

  /** After every load, failed or not: a page whose first load failed retries by itself too. */
  function schedule() {
    clearInterval(timer);
    if (gone) return;
    const p = view.provider;
    timer = setInterval(
      () => {
        if (document.hidden || document.querySelector('dialog[open]')) return;
        renderStaleness();
        if (running === null) void load();
      },
      p !== null && p.status === 'pending' ? PENDING_REFRESH_MS : REFRESH_MS,
    );
  }

  function renderHeader(p) {
    const readOnly = p.source === 'file';
    const meta = [
      { label: 'Kind', value: p.kind === 'jwks' ? 'JWKS URL' : p.kind === 'discovery' ? 'Discovery URL' : 'Issuer' },
      { label: 'Profile', value: p.profile },
      { label: 'Interval', value: `every ${seconds(p.intervalSeconds)}` },
    ];
    replace(
      headerSlot,
      h(
        'div',
        { class: 'provider-title' },
        h('div', { class: 'title-row' }, h('h1', { tabindex: -1 }, p.name), statusBadge(p.status, { large: true })),
        h('p', { class: 'provider-url' }, urlText(p.url)),
        h(
          'ul',
          { class: 'meta-list' },
          meta.map((m) => h('li', {}, h('span', { class: 'muted' }, `${m.label} `), m.value)),
          !p.enabled ? h('li', {}, h('span', { class: 'tag tag-paused' }, 'paused')) : null,
          readOnly ? h('li', {}, h('span', { class: 'tag' }, icon('lock'), 'managed by PROVIDERS_FILE')) : null,
          p.tags.map((t) => h('li', {}, h('span', { class: 'tag' }, t))),
        ),
      ),
      h(
        'div',
        { class: 'page-actions' },
        actionButton([icon('refresh'), 'Check now'], checkNow, {
          class: 'btn btn-primary',
          'data-action': 'check-now',
        }),
        readOnly ? null : h('a', { class: 'btn', href: `#/providers/${p.id}/edit` }, icon('edit'), 'Edit'),
        readOnly ? null : actionButton([icon('trash'), 'Delete'], remove, { class: 'btn btn-danger-ghost' }),
      ),
    );
  }

  function renderStats(p) {
    const now = Date.now();
    const stat = (label, value, sub) =>
      h(
        'div',
        { class: 'stat' },
        h('p', { class: 'stat-label' }, label),
        h('p', { class: 'stat-value' }, value),
        sub ? h('p', { class: 'stat-sub muted' }, sub) : null,
      );
    replace(
      statsSlot,
      stat('Status', statusBadge(p.status), STATUS_INFO[p.status]?.hint),
      stat(
        'Last poll',
        timeAgo(p.lastPollAt, (iso) => ago(iso, now)),
        p.nextDueAt ? `next ${ago(p.nextDueAt, now)}` : p.enabled ? null : 'paused',
      ),
      stat(
        'Keys',
        p.keyCount === null ? '—' : count(p.keyCount),
        p.minKeys !== null || p.maxKeys !== null ? `expected ${p.minKeys ?? 0}–${p.maxKeys ?? '∞'}` : null,
      ),
      stat('Open findings', findingCounts(p.openFindings)),
      stat(
        'Last rotation',
        timeAgo(p.lastRotationAt, (iso) => ago(iso, now)),
        p.lastRotationAt ? dateTime(p.lastRotationAt) : null,
      ),
    );
  }

  async function loadKeys(p) {
    try {
      const [inventory, snapshot] = await Promise.all([
        api.get(`${base}/keys`),
        p.latestSnapshotId === null ? null : api.get(`${base}/snapshots/${p.latestSnapshotId}`),
      ]);
      if (!ctx.isCurrent()) return;
      const firstSeen = new Map(inventory.keys.map((k) => [k.keyId, k.firstSeenAt]));
      const documentKeys =
        snapshot && snapshot.document && Array.isArray(snapshot.document.keys) ? snapshot.document.keys : [];
      const keys = snapshot
        ? snapshot.keys.map((k) => ({
            ...k,
            firstSeenAt: firstSeen.get(k.id) ?? null,
            certNotAfter: certificateNotAfter(documentKeys[k.index]?.x5c),
          }))
        : inventory.keys
            .filter((k) => k.removedAt === null)
            .map((k) => ({ ...k, id: k.keyId, privateMembers: [], certNotAfter: undefined }));
      const reading = readingOf(p);
      const now = Date.now();
      if (keys.length === 0) {
        replace(keysBody, noKeys(p, reading));
        return;
      }
      replace(
        keysBody,
        reading === 'lost'
          ? h(
              'div',
              { class: 'alert alert-warning' },
              icon('alert-triangle'),
              h(
                'p',
                {},
                `The provider is down or its latest poll failed (see Recent polls): these are the keys as last read, ${ago(p.lastSuccessAt, now)}.`,
              ),
            )
          : null,
        table(
          [
            {
              label: 'Key ID (kid)',
              className: 'col-kid',
              cell: (k) => h('div', { class: 'kid-cell' }, kidText(k.kid), privateMark(k.privateMembers)),
            },
            { label: 'Type', className: 'col-value', cell: (k) => keyType(k) },
            { label: 'Alg', className: 'col-value', cell: (k) => k.alg ?? h('span', { class: 'muted' }, '—') },
            { label: 'Use', className: 'col-value', cell: (k) => k.use ?? h('span', { class: 'muted' }, '—') },
            { label: 'Thumbprint', cell: (k) => thumbprintText(k.thumbprint) },
            {
              label: 'First seen',
              className: 'col-time',
              cell: (k) =>
                k.firstSeenAt
                  ? h('time', { datetime: k.firstSeenAt, title: dateTime(k.firstSeenAt) }, date(k.firstSeenAt))
                  : '—',
            },
            {
              label: 'Age',
              className: 'col-num',
              cell: (k) => (k.firstSeenAt ? span(now - (toTime(k.firstSeenAt) ?? now)) : '—'),
            },
            { label: 'Certificate expires', className: 'col-time', cell: (k) => certCell(k.certNotAfter, now) },
          ],
          keys,
          { caption: 'Current keys', className: 'table-keys' },
        ),
      );
    } catch (error) {
      if (ctx.isCurrent())
        replace(
          keysBody,
          errorBox(error, () => void load()),
        );
    }
  }

  async function loadFindings(p) {
    try {
      const [open, resolved, catalogue] = await Promise.all([
        api.get(`${base}/findings${query({ state: 'open', limit: 500 })}`),
        api.get(`${base}/findings${query({ state: 'resolved', limit: RESOLVED_SHOWN })}`),
        rules(),
      ]);
      if (!ctx.isCurrent()) return;
      const now = Date.now();
      const readOnly = p.source === 'file';
      const silenced = new Map(p.silencedRules.map((r) => [r.ruleId, r.reason]));
      const active = open.findings.filter((f) => !f.silenced && !silenced.has(f.ruleId));
      const muted = open.findings.filter((f) => f.silenced || silenced.has(f.ruleId));
      renderCritical(active.filter((f) => f.ruleId.startsWith(PRIVATE_RULE_PREFIX)));
      const order = { error: 0, warning: 1, info: 2 };
      active.sort((a, b) => (order[a.severity] ?? 3) - (order[b.severity] ?? 3) || a.ruleId.localeCompare(b.ruleId));
      const ruleCell = (f) =>
        h(
          'div',
          { class: 'rule-cell' },
          h('code', { class: 'rule-id' }, f.ruleId),
          catalogue.get(f.ruleId)?.title
            ? h('span', { class: 'muted rule-title' }, catalogue.get(f.ruleId).title)
            : null,
        );
      const findingColumns = [
        { label: 'Severity', className: 'col-sev', cell: (f) => severityBadge(f.severity) },
        { label: 'Rule', className: 'col-rule', cell: ruleCell },
        {
          label: 'Finding',
          className: 'col-grow',
          cell: (f) =>
            h(
              'div',
              { class: 'finding-cell' },
              h('p', { class: 'finding-message' }, f.message),
              h(
                'p',
                { class: 'finding-meta muted' },
                h('span', {}, 'at '),
                h('code', {}, f.pointer === '' ? '(document)' : f.pointer),
                ` in the ${f.document === 'discovery' ? 'discovery document' : 'JWKS'}`,
                f.kid ? [' · kid ', h('code', { class: 'kid' }, f.kid)] : null,
              ),
              f.expected || f.actual
                ? h(
                    'p',
                    { class: 'finding-meta muted' },
                    f.expected ? `expected ${f.expected}` : null,
                    f.expected && f.actual ? ' · ' : null,
                    f.actual ? `actual ${f.actual}` : null,
                  )
                : null,
            ),
        },
        { label: 'Spec', className: 'col-spec', cell: (f) => h('span', { class: 'spec' }, f.spec) },
        { label: 'Since', className: 'col-time', cell: (f) => timeAgo(f.firstSeenAt, (iso) => ago(iso, now)) },
      ];
      const parts = [];
      if (active.length === 0) {
        parts.push(noFindings(p, readingOf(p)));
      } else {
        parts.push(
          table(
            [
              ...findingColumns,
              {
                label: 'Actions',
                className: 'col-actions',
                cell: (f) =>
                  readOnly
                    ? h('span', { class: 'muted' }, 'read-only')
                    : actionButton([icon('volume-x'), 'Silence'], () => silence(f.ruleId, catalogue), {
                        class: 'btn btn-sm btn-ghost',
                        'aria-label': `Silence rule ${f.ruleId}`,
                      }),
              },
            ],
            active,
            { caption: 'Open findings', className: 'table-findings' },
          ),
        );
      }
      if (p.silencedRules.length > 0) {
        parts.push(
          h('h3', { class: 'subheading' }, `Silenced rules (${p.silencedRules.length})`),
          h(
            'ul',
            { class: 'silenced-list' },
            p.silencedRules.map((r) =>
              h(
                'li',
                {},
                icon('volume-x'),
                h('code', { class: 'rule-id' }, r.ruleId),
                h('span', { class: 'muted' }, ` — ${r.reason}`),
                muted.some((f) => f.ruleId === r.ruleId)
                  ? h(
                      'span',
                      { class: 'tag' },
                      `${plural(muted.filter((f) => f.ruleId === r.ruleId).length, 'open finding')}`,
                    )
                  : null,
                readOnly
                  ? null
                  : actionButton([icon('undo'), 'Unsilence'], () => unsilence(r.ruleId), {
                      class: 'btn btn-sm btn-ghost',
                      'aria-label': `Unsilence rule ${r.ruleId}`,
                    }),
              ),
            ),
          ),
        );
      }
      parts.push(h('h3', { class: 'subheading' }, 'Recently resolved'));
      parts.push(
        resolved.findings.length === 0
          ? h('p', { class: 'muted' }, 'Nothing resolved yet.')
          : table(
              [
                { label: 'Severity', className: 'col-sev', cell: (f) => severityBadge(f.severity) },
                { label: 'Rule', className: 'col-rule', cell: ruleCell },
                {
                  label: 'Finding',
                  className: 'col-grow',
                  cell: (f) => h('p', { class: 'finding-message' }, f.message),
                },
                { label: 'Open since', className: 'col-time', cell: (f) => shortDateTime(f.firstSeenAt) },
                {
                  label: 'Resolved',
                  className: 'col-time',
                  cell: (f) => timeAgo(f.resolvedAt, (iso) => ago(iso, now)),
                },
              ],
              resolved.findings,
              { caption: 'Recently resolved findings', className: 'table-compact' },
            ),
      );
      replace(findingsBody, parts);
    } catch (error) {
      if (ctx.isCurrent())
        replace(
          findingsBody,
          errorBox(error, () => void load()),
        );
    }
  }

  /** A leak is an incident, not one finding among others: it gets a banner above everything. */
  function renderCritical(leaks) {
    if (leaks.length === 0) {
      replace(criticalSlot);
      return;
    }
    const kids = [...new Set(leaks.map((f) => f.kid).filter((k) => typeof k === 'string'))];
    replace(
      criticalSlot,
      h(
        'div',
        { class: 'critical', role: 'alert' },
        icon('alert-octagon', 'icon critical-icon'),
        h(
          'div',
          {},
          h('p', { class: 'critical-title' }, 'Critical: private key material is published'),
          h(
            'p',
            {},
            'This JWKS contains private or symmetric key values',
            kids.length > 0
              ? [' (kid ', kids.flatMap((kid, i) => [i > 0 ? ', ' : null, h('code', { class: 'kid' }, kid)]), ')']
              : null,
            '. Anyone who fetched it can sign tokens with those keys: treat them as compromised, remove them from the set and rotate.',
          ),
        ),
      ),
    );
  }

  async function loadHistory(p) {
    try {
      const newest = await api.get(`${base}/snapshots${query({ limit: SNAPSHOT_CHOICES })}`);
      if (!ctx.isCurrent()) return;
      keepSnapshots(newest);
      const snapshots = view.snapshots;
      if (snapshots.length === 0) {
        const waiting = emptyState(
          'No key set yet',
          p.status === 'pending' ? 'The first poll will draw the first point.' : 'No JWKS could be read so far.',
        );
        replace(timelineBody, waiting);
        replace(diffBody, h('p', { class: 'muted' }, 'Two snapshots are needed to compare.'));
        return;
      }
      const recent = snapshots.slice(0, TIMELINE_ENTRIES).reverse();
      const changes = await Promise.all(
        recent.map((entry, i) => {
          const previous = recent[i - 1];
          if (previous === undefined) return undefined;
          if (previous.snapshotId === entry.snapshotId) return { state: 'no_change', added: 0, removed: 0 };
          return api
            .get(`${base}/diff${query({ from: previous.snapshotId, to: entry.snapshotId })}`)
            .then((d) => ({ state: d.rotationState, added: d.added.length, removed: d.removed.length }))
            .catch(() => ({ state: 'unknown', added: 0, removed: 0 }));
        }),
      );
      if (!ctx.isCurrent()) return;
      const entries = recent.map((entry, i) => ({ ...entry, change: changes[i] }));
      replace(
        timelineBody,
        timeline(entries),
        h(
          'details',
          {
            class: 'timeline-details',
            open: view.timelineOpen,
            // Kept across the periodic refresh, which redraws this section.
            onToggle: (event) => {
              view.timelineOpen = event.currentTarget.open;
            },
          },
          h('summary', {}, 'Changes as a table'),
          timelineTable(entries),
        ),
        timelineCaption,
      );
      renderSnapshotCount();
      renderDiffPicker();
    } catch (error) {
      if (ctx.isCurrent())
        replace(
          timelineBody,
          errorBox(error, () => void load()),
        );
    }
  }

  /**
   * Merges the newest page into the key sets known so far. Both are runs of history rows from the newest down, so
   * their union is one too: older pages the user loaded stay, with the cursor that follows them.
   */
  function keepSnapshots(newest) {
    const oldestNew = newest.snapshots.at(-1)?.id;
    const older = oldestNew === undefined ? [] : view.snapshots.filter((entry) => entry.id < oldestNew);
    view.snapshotsCursor = older.length > 0 ? view.snapshotsCursor : newest.nextCursor;
    view.snapshots = [...newest.snapshots, ...older];
  }

  async function loadOlderSnapshots() {
    if (view.snapshotsCursor === null) return;
    try {
      const page = await api.get(
        `${base}/snapshots${query({ limit: SNAPSHOT_CHOICES, before: view.snapshotsCursor })}`,
      );
      if (!ctx.isCurrent()) return;
      const known = new Set(view.snapshots.map((entry) => entry.id));
      view.snapshots = [...view.snapshots, ...page.snapshots.filter((entry) => !known.has(entry.id))];
      view.snapshotsCursor = page.nextCursor;
      renderSnapshotCount();
      renderDiffPicker();
    } catch (error) {
      toast(`Could not load older key sets: ${describeError(error)}`, 'error');
    }
  }

  /** "12 of 61": the count is exact once every page is known, a lower bound before. */
  function snapshotTotal() {
    const n = view.snapshots.length;
    return view.snapshotsCursor === null ? plural(n, 'key set') : `at least ${count(n)} key sets`;
  }

  function renderSnapshotCount() {
    timelineCaption.textContent =
      view.snapshots.length > TIMELINE_ENTRIES || view.snapshotsCursor !== null
        ? `The ${TIMELINE_ENTRIES} most recent of ${snapshotTotal()} shown.`
        : '';
  }

  function renderDiffPicker() {
    const snapshots = view.snapshots;
    if (snapshots.length < 2) {
      replace(diffBody, h('p', { class: 'muted' }, 'Only one key set so far: nothing to compare yet.'));
      return;
    }
    const fromId = uid('diff-from');
    const toId = uid('diff-to');
    const label = (s) => `${shortDateTime(s.firstSeenAt)} · ${plural(s.keyCount, 'key')} · ${s.hash.slice(0, 8)}`;
    const ids = snapshots.map((s) => String(s.snapshotId));
    const from = ids.includes(view.diffFrom) ? view.diffFrom : String(snapshots[1].snapshotId);
    const to = ids.includes(view.diffTo) ? view.diffTo : String(snapshots[0].snapshotId);
    const options = (selected) =>
      snapshots.map((s) =>
        h('option', { value: String(s.snapshotId), selected: String(s.snapshotId) === selected }, label(s)),
      );
    const fromSelect = h('select', { id: fromId, name: 'from' }, options(from));
    const toSelect = h('select', { id: toId, name: 'to' }, options(to));
    const result = h('div', { class: 'diff-result', 'aria-live': 'polite' });
    const compare = async () => {
      view.diffFrom = fromSelect.value;
      view.diffTo = toSelect.value;
      if (fromSelect.value === toSelect.value) {
        replace(result, h('p', { class: 'muted' }, 'Pick two different snapshots.'));
        return;
      }
      try {
        const diff = await api.get(`${base}/diff${query({ from: fromSelect.value, to: toSelect.value })}`);
        if (ctx.isCurrent()) replace(result, diffView(diff));
      } catch (error) {
        if (ctx.isCurrent()) replace(result, errorBox(error));
      }
    };
    replace(
      diffBody,
      h(
        'form',
        { class: 'toolbar toolbar-compact', onSubmit: (e) => e.preventDefault() },
        h('div', { class: 'field field-grow' }, h('label', { for: fromId }, 'From'), fromSelect),
        h('div', { class: 'field field-grow' }, h('label', { for: toId }, 'To'), toSelect),
        h('div', { class: 'field field-button' }, actionButton('Compare', compare, { class: 'btn' })),
      ),
      h(
        'p',
        { class: 'muted picker-note' },
        `${view.snapshotsCursor === null ? 'All' : 'The newest'} ${plural(snapshots.length, 'key set')} listed. `,
        view.snapshotsCursor === null
          ? null
          : actionButton('Load older key sets', loadOlderSnapshots, { class: 'btn btn-sm btn-ghost' }),
      ),
      result,
    );
    void compare();
  }

  async function loadEvents() {
    try {
      const { events } = await api.get(`${base}/events${query({ order: 'newest', limit: EVENTS_SHOWN })}`);
      if (!ctx.isCurrent()) return;
      replace(eventsBody, events.length === 0 ? h('p', { class: 'muted' }, 'No events yet.') : eventsTable(events));
    } catch (error) {
      if (ctx.isCurrent())
        replace(
          eventsBody,
          errorBox(error, () => void load()),
        );
    }
  }

  async function loadPolls() {
    try {
      const { runs } = await api.get(`${base}/runs${query({ limit: RUNS_SHOWN })}`);
      if (!ctx.isCurrent()) return;
      const now = Date.now();
      replace(
        pollsBody,
        runs.length === 0
          ? h('p', { class: 'muted' }, 'No poll yet.')
          : table(
              [
                { label: 'Result', className: 'col-status', cell: (r) => statusBadge(r.status) },
                {
                  label: 'Outcome',
                  cell: (r) =>
                    r.outcome === 'ok' ? h('span', {}, 'Fetched') : h('code', { class: 'outcome-error' }, r.outcome),
                },
                { label: 'Findings', cell: (r) => findingCounts(r.findings, { compact: true }) },
                { label: 'Polls', className: 'col-num', cell: (r) => count(r.pollCount) },
                { label: 'Last', className: 'col-time', cell: (r) => timeAgo(r.lastAt, (iso) => ago(iso, now)) },
                { label: 'First', className: 'col-time', cell: (r) => shortDateTime(r.firstAt) },
                {
                  label: 'Error',
                  className: 'col-grow',
                  cell: (r) =>
                    r.errorMessage
                      ? h('span', { class: 'error-text' }, r.errorMessage)
                      : h('span', { class: 'muted' }, '—'),
                },
              ],
              runs,
              { caption: 'Recent polls', className: 'table-compact' },
            ),
        view.lastCheck
          ? h('p', { class: 'muted poll-note' }, `Last “check now” answered in ${latency(view.lastCheck.latencyMs)}.`)
          : null,
      );
    } catch (error) {
      if (ctx.isCurrent())
        replace(
          pollsBody,
          errorBox(error, () => void load()),
        );
    }
  }

  async function checkNow() {
    replace(
      checkSlot,
      h(
        'div',
        { class: 'alert alert-info' },
        h('span', { class: 'spinner', 'aria-hidden': 'true' }),
        h('span', {}, 'Checking now…'),
      ),
    );
    const started = performance.now();
    try {
      const result = await api.post(`${base}/check`);
      const elapsed = performance.now() - started;
      view.lastCheck = { latencyMs: elapsed };
      if (!ctx.isCurrent()) return;
      renderCheck(result, elapsed);
      await load();
    } catch (error) {
      if (ctx.isCurrent()) replace(checkSlot, errorBox(error));
    }
  }

  function renderCheck(result, elapsed) {
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    const summary = result.error
      ? `The check could not read the provider: ${result.error.code}`
      : `${plural(result.keys.length, 'key')} read, ${plural(result.findings.length, 'finding')}${errors > 0 ? `, ${plural(errors, 'error')}` : ''}.`;
    replace(
      checkSlot,
      h(
        'div',
        { class: ['check-panel', result.error || errors > 0 ? 'check-bad' : 'check-good'] },
        h(
          'div',
          { class: 'check-head' },
          h('h2', { class: 'check-title' }, 'Check result'),
          statusBadge(result.status),
          h('span', { class: 'muted' }, `answered in ${latency(elapsed)}`),
          h(
            'button',
            {
              type: 'button',
              class: 'btn btn-sm btn-ghost check-close',
              'aria-label': 'Dismiss the check result',
              onClick: () => replace(checkSlot),
            },
            'Dismiss',
          ),
        ),
        h('p', {}, summary),
        result.error ? h('p', { class: 'error-text' }, result.error.message) : null,
        result.findings.length > 0
          ? h(
              'ul',
              { class: 'check-findings' },
              result.findings.map((f) =>
                h(
                  'li',
                  {},
                  severityBadge(f.severity),
                  h('code', { class: 'rule-id' }, f.ruleId),
                  h('span', { class: 'finding-message' }, f.message),
                  f.pointer ? h('code', { class: 'muted' }, f.pointer) : null,
                ),
              ),
            )
          : null,
      ),
    );
  }

  async function silence(ruleId, catalogue) {
    const p = view.provider;
    if (p === null) return;
    const title = catalogue.get(ruleId)?.title;
    const reason = await textDialog({
      title: `Silence ${ruleId}`,
      body: `${title ? `“${title}”. ` : ''}Its findings stay recorded and shown as silenced, but no longer count toward the status or send alerts.`,
      label: 'Reason',
      hint: 'Why this rule does not apply here (kept with the provider).',
      confirmLabel: 'Silence rule',
    });
    if (reason === null) return;
    try {
      await api.patch(base, {
        silencedRules: [...p.silencedRules.filter((r) => r.ruleId !== ruleId), { ruleId, reason }],
      });
      toast(`${ruleId} silenced`, 'success');
      await load();
    } catch (error) {
      toast(`Could not silence ${ruleId}: ${describeError(error)}`, 'error');
    }
  }

  async function unsilence(ruleId) {
    const p = view.provider;
    if (p === null) return;
    try {
      await api.patch(base, { silencedRules: p.silencedRules.filter((r) => r.ruleId !== ruleId) });
      toast(`${ruleId} is no longer silenced`, 'success');
      await load();
    } catch (error) {
      toast(`Could not unsilence ${ruleId}: ${describeError(error)}`, 'error');
    }
  }

  async function remove() {
    const p = view.provider;
    if (p === null) return;
    const ok = await confirmDialog({
      title: `Delete ${p.name}?`,
      body: 'Its history, keys and findings are deleted with it; its events stay. This cannot be undone.',
      confirmLabel: 'Delete provider',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.delete(base);
      toast(`${p.name} deleted`, 'success');
      ctx.navigate('/');
    } catch (error) {
      toast(`Could not delete: ${describeError(error)}`, 'error');
    }
  }

  void load();
  return () => clearInterval(timer);
}

/**
 * What the latest polls read: 'unpolled' (no poll yet: new or paused), 'unread' (polled, never read),
 * 'lost' (read once, but not by the latest poll, or down) or 'read'. Only 'read' may look healthy.
 */
function readingOf(p) {
  if (p.lastPollAt === null) return 'unpolled';
  if (p.lastSuccessAt === null) return 'unread';
  if (p.status === 'down' || (toTime(p.lastSuccessAt) ?? 0) < (toTime(p.lastPollAt) ?? 0)) return 'lost';
  return 'read';
}

function noKeys(p, reading) {
  if (reading === 'unpolled') {
    return p.enabled
      ? emptyState('Waiting for the first poll', 'The first check is scheduled at once; this page updates by itself.')
      : emptyState('Not polled yet', 'This provider is paused: resume it to read its keys.');
  }
  if (reading === 'read') return emptyState('No keys published', 'The key set as last read holds no key.');
  return emptyState('Unreachable: no key set could be read', 'See Recent polls for the errors.');
}

/** The Findings card with nothing open: green only when the latest poll read the provider and passed every rule. */
function noFindings(p, reading) {
  const neutral = (text) => h('div', { class: 'no-verdict' }, icon('clock'), h('span', {}, text));
  if (reading === 'unpolled') return neutral('No verdict yet.');
  if (reading === 'unread') return neutral('No verdict: no poll could read the provider yet (see Recent polls).');
  if (reading === 'lost')
    return neutral('No verdict: the provider is down or its latest poll failed (see Recent polls).');
  if (p.status === 'pending') return neutral('No verdict yet.');
  return h('div', { class: 'all-clear' }, icon('check-circle'), h('span', {}, 'No open findings: every rule passes.'));
}

function certCell(notAfter, now) {
  if (notAfter === undefined) return h('span', { class: 'muted' }, 'no certificate');
  const iso = new Date(notAfter).toISOString();
  const expired = notAfter <= now;
  const soon = !expired && notAfter - now < CERT_SOON_DAYS * DAY_MS;
  return h(
    'span',
    { class: ['cert', expired && 'cert-expired', soon && 'cert-soon'] },
    expired || soon ? icon(expired ? 'alert-octagon' : 'alert-triangle') : null,
    h('time', { datetime: iso, title: dateTime(iso) }, date(iso)),
    h('span', { class: 'muted' }, expired ? ' (expired)' : ` (in ${span(notAfter - now)})`),
  );
}
