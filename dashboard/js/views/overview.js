// Overview: every provider, worst first, with a fleet status bar, search, status and tag filters, pages of
// PAGE_SIZE (the server sorts and pages, so 20,000 providers cost one page), refreshed every REFRESH_MS. A change of
// filter, search or page aborts a load under way and starts its own: the rows, the pager and the controls always
// describe the same query.
import { api, isAborted, query } from '../api.js';
import { h, replace, s, uid } from '../dom.js';
import { ago, count, plural, clock } from '../format.js';
import { icon } from '../icons.js';
import { STATUSES, STATUS_INFO, findingCounts, statusBadge } from '../status.js';
import { emptyState, errorBox, loading, staleNotice, table, timeAgo } from '../ui.js';

const PAGE_SIZE = 50;
const REFRESH_MS = 15_000;
const SEARCH_DEBOUNCE_MS = 250;

export function mountOverview(ctx) {
  ctx.setTitle('Providers');
  const state = {
    q: ctx.query.get('q') ?? '',
    status: STATUSES.includes(ctx.query.get('status')) ? ctx.query.get('status') : '',
    tag: ctx.query.get('tag') ?? '',
    page: Math.max(0, Number.parseInt(ctx.query.get('page') ?? '1', 10) - 1 || 0),
  };
  /** The load under way, whose answer the page will show; null when none is. */
  let current = null;
  /** When the page last showed the service's answer (epoch ms; 0: never). */
  let lastUpdated = 0;
  let searchTimer;

  const summarySlot = h(
    'section',
    { class: 'summary', 'aria-label': 'Fleet status' },
    loading('Loading fleet status…'),
  );
  const resultsSlot = h(
    'div',
    { class: 'results', 'aria-live': 'polite', 'aria-busy': 'true' },
    loading('Loading providers…'),
  );
  const pagerSlot = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const staleSlot = h('div', { class: 'stale-slot' });
  const updatedText = h('span', { class: 'updated muted' }, '');

  const searchId = uid('search');
  const statusId = uid('status');
  const tagId = uid('tag');
  const searchInput = h('input', {
    id: searchId,
    type: 'search',
    name: 'q',
    placeholder: 'Name or URL',
    value: state.q,
    autocomplete: 'off',
    maxlength: 200,
  });
  const statusSelect = h(
    'select',
    { id: statusId, name: 'status', value: state.status },
    h('option', { value: '' }, 'All statuses'),
    STATUSES.map((st) => h('option', { value: st }, STATUS_INFO[st].label)),
  );
  const tagSelect = h('select', { id: tagId, name: 'tag' }, h('option', { value: '' }, 'All tags'));
  if (state.tag !== '') tagSelect.append(h('option', { value: state.tag, selected: true }, state.tag));

  const toolbar = h(
    'form',
    { class: 'toolbar', role: 'search', onSubmit: (e) => e.preventDefault() },
    h(
      'div',
      { class: 'field field-grow' },
      h('label', { for: searchId }, 'Search'),
      h('div', { class: 'input-icon' }, icon('search'), searchInput),
    ),
    h('div', { class: 'field' }, h('label', { for: statusId }, 'Status'), statusSelect),
    h('div', { class: 'field' }, h('label', { for: tagId }, 'Tag'), tagSelect),
    h(
      'div',
      { class: 'toolbar-end' },
      updatedText,
      h('button', { type: 'button', class: 'btn btn-sm', onClick: () => void load() }, icon('refresh'), 'Refresh'),
    ),
  );

  replace(
    ctx.root,
    h(
      'div',
      { class: 'page-header' },
      h(
        'div',
        {},
        h('h1', { tabindex: -1 }, 'Providers'),
        h('p', { class: 'page-lede' }, 'Every identity provider watched, worst first.'),
      ),
      h(
        'div',
        { class: 'page-actions' },
        h('a', { class: 'btn btn-primary', href: '#/providers/new' }, icon('plus'), 'Add provider'),
      ),
    ),
    staleSlot,
    summarySlot,
    toolbar,
    resultsSlot,
    pagerSlot,
  );

  searchInput.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.q = searchInput.value.trim();
      state.page = 0;
      void load();
    }, SEARCH_DEBOUNCE_MS);
  });
  statusSelect.addEventListener('change', () => {
    state.status = statusSelect.value;
    state.page = 0;
    void load();
  });
  tagSelect.addEventListener('change', () => {
    state.tag = tagSelect.value;
    state.page = 0;
    void load();
  });

  /** The filters live in the address, so a view can be bookmarked and shared; replaceState keeps history clean. */
  function syncAddress() {
    const search = query({
      q: state.q,
      status: state.status,
      tag: state.tag,
      page: state.page > 0 ? state.page + 1 : '',
    });
    const target = `#/${search}`;
    if (location.hash !== target) history.replaceState(null, '', target);
  }

  async function loadTags() {
    try {
      const { tags } = await api.get('/providers/tags');
      if (!ctx.isCurrent()) return;
      const current = tagSelect.value;
      replace(
        tagSelect,
        h('option', { value: '' }, 'All tags'),
        tags.map((t) => h('option', { value: t.tag }, `${t.tag} (${count(t.count)})`)),
      );
      if (current !== '' && !tags.some((t) => t.tag === current))
        tagSelect.append(h('option', { value: current }, current));
      tagSelect.value = current;
    } catch {
      // The tag filter stays usable with what it has; the listing reports errors.
    }
  }

  /** Loads what the controls say now; a load still under way answers an older question, so it is aborted. */
  async function load({ clamped = false } = {}) {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    const { signal } = controller;
    const asked = { ...state };
    resultsSlot.setAttribute('aria-busy', 'true');
    syncAddress();
    const filtered = asked.q !== '' || asked.tag !== '';
    try {
      const [fleet, matching, page] = await Promise.all([
        api.get('/providers/summary', { signal }),
        filtered ? api.get(`/providers/summary${query({ q: asked.q, tag: asked.tag })}`, { signal }) : null,
        api.get(
          `/providers${query({ sort: 'status', limit: PAGE_SIZE, offset: asked.page * PAGE_SIZE, status: asked.status, tag: asked.tag, q: asked.q })}`,
          { signal },
        ),
      ]);
      if (!ctx.isCurrent() || signal.aborted) return;
      const counts = matching ?? fleet;
      const total = asked.status === '' ? counts.total : (counts.byStatus[asked.status] ?? 0);
      if (page.providers.length === 0 && asked.page > 0 && total > 0 && !clamped) {
        // The fleet shrank under this page: show the last one that has rows.
        state.page = Math.max(0, Math.ceil(total / PAGE_SIZE) - 1);
        return await load({ clamped: true });
      }
      renderSummary(fleet);
      renderResults(page.providers, fleet.total);
      renderPager(total, asked.page);
      lastUpdated = Date.now();
      updatedText.textContent = `Updated ${clock(lastUpdated)}`;
      renderStaleness();
    } catch (error) {
      if (!ctx.isCurrent() || signal.aborted || isAborted(error)) return;
      replace(
        resultsSlot,
        errorBox(error, () => void load()),
      );
      replace(pagerSlot);
      renderStaleness();
    } finally {
      if (current === controller) {
        current = null;
        resultsSlot.setAttribute('aria-busy', 'false');
      }
    }
  }

  /** The periodic refresh: a load under way is already as fresh as this one would be. */
  function refresh() {
    if (document.hidden) return;
    renderStaleness();
    if (current === null) void load();
  }

  function renderStaleness() {
    replace(staleSlot, staleNotice(lastUpdated, REFRESH_MS));
  }

  function renderSummary(fleet) {
    const total = fleet.total;
    const bar = s('svg', {
      class: 'summary-bar',
      viewBox: '0 0 1000 12',
      preserveAspectRatio: 'none',
      'aria-hidden': 'true',
    });
    let x = 0;
    for (const st of STATUSES) {
      const n = fleet.byStatus[st] ?? 0;
      if (n === 0 || total === 0) continue;
      const width = (n / total) * 1000;
      bar.append(s('rect', { class: `seg-${st}`, x: x.toFixed(2), y: 0, width: width.toFixed(2), height: 12 }));
      x += width;
    }
    if (total === 0) bar.append(s('rect', { class: 'seg-empty', x: 0, y: 0, width: 1000, height: 12 }));
    const chip = (st) => {
      const n = fleet.byStatus[st] ?? 0;
      const pressed = state.status === st;
      return h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: ['summary-chip', `status-${st}`, n === 0 && 'is-zero'],
            'aria-pressed': String(pressed),
            title: pressed ? 'Show every status' : `Show only ${STATUS_INFO[st].label.toLowerCase()} providers`,
            onClick: () => {
              state.status = pressed ? '' : st;
              statusSelect.value = state.status;
              state.page = 0;
              void load();
            },
          },
          icon(STATUS_INFO[st].icon),
          h('span', { class: 'summary-count' }, count(n)),
          h('span', { class: 'summary-label' }, STATUS_INFO[st].label),
        ),
      );
    };
    replace(
      summarySlot,
      h(
        'div',
        { class: 'summary-head' },
        h('p', { class: 'summary-total' }, h('strong', {}, count(total)), ` ${total === 1 ? 'provider' : 'providers'}`),
        h('p', { class: 'muted summary-health' }, healthLine(fleet)),
      ),
      bar,
      h('ul', { class: 'summary-chips' }, STATUSES.map(chip)),
    );
  }

  function renderResults(providers, fleetTotal) {
    const focusedId = document.activeElement?.closest?.('[data-provider-id]')?.getAttribute('data-provider-id');
    if (providers.length === 0) {
      replace(
        resultsSlot,
        fleetTotal === 0
          ? emptyState(
              'No providers yet',
              'Register an issuer, a discovery URL or a JWKS URL and the first check runs at once.',
              h('a', { class: 'btn btn-primary', href: '#/providers/new' }, icon('plus'), 'Add your first provider'),
            )
          : emptyState(
              'No provider matches',
              'Try another search, status or tag.',
              h('button', { type: 'button', class: 'btn', onClick: clearFilters }, 'Clear filters'),
            ),
      );
      return;
    }
    const now = Date.now();
    replace(
      resultsSlot,
      table(
        [
          { label: 'Status', className: 'col-status', cell: (p) => statusBadge(p.status) },
          {
            label: 'Provider',
            className: 'col-provider',
            cell: (p) =>
              h(
                'div',
                { class: 'provider-cell' },
                h(
                  'a',
                  { class: 'row-link', href: `#/providers/${p.id}`, dataset: { providerId: String(p.id) } },
                  p.name,
                ),
                h('span', { class: 'url muted' }, p.url),
                p.tags.length > 0 || !p.enabled
                  ? h(
                      'span',
                      { class: 'tags' },
                      !p.enabled ? h('span', { class: 'tag tag-paused' }, 'paused') : null,
                      p.tags.map((t) => h('span', { class: 'tag' }, t)),
                    )
                  : null,
              ),
          },
          {
            label: 'Last poll',
            className: 'col-time col-poll',
            cell: (p) => timeAgo(p.lastPollAt, (iso) => ago(iso, now)),
          },
          {
            label: 'Keys',
            className: 'col-num col-keys',
            cell: (p) => (p.keyCount === null ? h('span', { class: 'muted' }, '—') : count(p.keyCount)),
          },
          {
            label: 'Open findings',
            className: 'col-findings',
            cell: (p) => findingCounts(p.openFindings, { compact: true }),
          },
          {
            label: 'Last rotation',
            className: 'col-time col-rotation',
            cell: (p) => timeAgo(p.lastRotationAt, (iso) => ago(iso, now)),
          },
        ],
        providers,
        {
          caption: 'Providers, worst first',
          className: 'table-providers',
          rowProps: (p) => ({ class: `row-${p.status}` }),
        },
      ),
    );
    if (focusedId) resultsSlot.querySelector(`[data-provider-id="${CSS.escape(focusedId)}"]`)?.focus();
  }

  /** `shown`: the page the rows on screen are from. */
  function renderPager(total, shown) {
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (total === 0) {
      replace(pagerSlot);
      return;
    }
    const first = shown * PAGE_SIZE + 1;
    const last = Math.min(total, first + PAGE_SIZE - 1);
    const go = (page) => () => {
      state.page = page;
      void load().then(() => resultsSlot.querySelector('a')?.focus());
    };
    replace(
      pagerSlot,
      h('p', { class: 'muted' }, `${count(first)}–${count(last)} of ${plural(total, 'provider')}`),
      pages > 1
        ? h(
            'div',
            { class: 'pager-buttons' },
            h(
              'button',
              { type: 'button', class: 'btn btn-sm', disabled: shown === 0, onClick: go(shown - 1) },
              'Previous',
            ),
            h('span', { class: 'muted' }, `Page ${count(shown + 1)} of ${count(pages)}`),
            h(
              'button',
              { type: 'button', class: 'btn btn-sm', disabled: shown >= pages - 1, onClick: go(shown + 1) },
              'Next',
            ),
          )
        : null,
    );
  }

  function clearFilters() {
    state.q = '';
    state.status = '';
    state.tag = '';
    state.page = 0;
    searchInput.value = '';
    statusSelect.value = '';
    tagSelect.value = '';
    void load();
  }

  void loadTags();
  void load();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => {
    clearInterval(timer);
    clearTimeout(searchTimer);
    current?.abort();
  };
}

/** The headline of the fleet: "healthy" only when every provider is up; a provider without a verdict is not. */
function healthLine({ total, byStatus }) {
  const n = (status) => byStatus[status] ?? 0;
  if (total === 0) return 'Nothing watched yet';
  if (n('up') === total) return 'All providers healthy';
  const bad = n('down') + n('failing');
  const parts = [];
  if (bad > 0) parts.push(`${plural(bad, 'provider')} ${bad === 1 ? 'needs' : 'need'} attention`);
  if (n('degraded') > 0) parts.push(`${plural(n('degraded'), 'provider')} with warnings`);
  if (n('pending') > 0) parts.push(`${plural(n('pending'), 'provider')} without a verdict yet (new or paused)`);
  return parts.length > 0 ? parts.join(' · ') : `${plural(n('up'), 'provider')} of ${count(total)} up`;
}
