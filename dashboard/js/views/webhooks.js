// Webhooks: the endpoints alerts go to, the signing secret shown once (at creation or rotation), "send test", and
// the delivery log of one endpoint with "redeliver" (same webhook-id, so receivers deduplicate).
import { api, ApiError, query } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { ago, latency, plural, shortDateTime } from '../format.js';
import { icon } from '../icons.js';
import {
  actionButton,
  confirmDialog,
  describeError,
  emptyState,
  errorBox,
  loading,
  section,
  table,
  timeAgo,
  toast,
} from '../ui.js';

const EVENT_TYPES = [
  'key.added',
  'key.removed',
  'key.changed',
  'key.private_material',
  'rotation.detected',
  'rotation.flapping',
  'discovery.changed',
  'conformance.failed',
  'conformance.resolved',
  'provider.down',
  'provider.recovered',
];
const DELIVERY_PAGE = 50;
const REFRESH_MS = 5_000;

const DELIVERY_STATUS = {
  delivered: { label: 'Delivered', icon: 'check-circle', tone: 'good' },
  pending: { label: 'Pending', icon: 'clock', tone: 'neutral' },
  failed: { label: 'Retrying', icon: 'alert-triangle', tone: 'warn' },
  given_up: { label: 'Given up', icon: 'x-circle', tone: 'bad' },
};
/** A failed delivery with no next attempt (a test send is never retried) is not "Retrying". */
const FAILED_FOR_GOOD = { label: 'Failed', icon: 'x-circle', tone: 'bad' };

/** A small disclosure menu (<details>): keyboard-operable without script, closed again once an item is chosen. */
function menu(label, items) {
  const details = h(
    'details',
    { class: 'menu' },
    h(
      'summary',
      { class: 'btn btn-sm btn-ghost', 'aria-label': label },
      'More',
      h('span', { 'aria-hidden': 'true', class: 'menu-caret' }, '▾'),
    ),
    h('div', { class: 'menu-items' }, items),
  );
  details.addEventListener('click', (event) => {
    if (event.target instanceof Element && event.target.closest('.menu-item')) details.open = false;
  });
  details.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && details.open) {
      details.open = false;
      details.querySelector('summary')?.focus();
    }
  });
  return details;
}

export function mountWebhooks(ctx, selectedId) {
  ctx.setTitle(selectedId === undefined ? 'Webhooks' : 'Webhook deliveries');
  const secretSlot = h('div', { 'aria-live': 'polite' });
  const formSlot = h('div');
  const listBody = h('div', {}, loading('Loading endpoints…'));
  const deliveriesSlot = h('div');
  let timer;
  let endpoints = [];

  replace(
    ctx.root,
    h(
      'div',
      { class: 'page-header' },
      h(
        'div',
        {},
        h('h1', { tabindex: -1 }, 'Webhooks'),
        h(
          'p',
          { class: 'page-lede' },
          'Signed alerts (Standard Webhooks) sent when keys change, leak, rotate or a provider goes down.',
        ),
      ),
      h(
        'div',
        { class: 'page-actions' },
        h(
          'button',
          { type: 'button', class: 'btn btn-primary', onClick: () => showForm() },
          icon('plus'),
          'Add endpoint',
        ),
      ),
    ),
    secretSlot,
    formSlot,
    section({ title: 'Endpoints', id: 'endpoints' }, listBody),
    deliveriesSlot,
  );

  async function loadList() {
    try {
      const body = await api.get('/webhooks');
      if (!ctx.isCurrent()) return;
      endpoints = body.webhooks;
      renderList();
    } catch (error) {
      if (ctx.isCurrent())
        replace(
          listBody,
          errorBox(error, () => void loadList()),
        );
    }
  }

  function renderList() {
    if (endpoints.length === 0) {
      replace(
        listBody,
        emptyState(
          'No endpoints yet',
          'Add an HTTPS endpoint to receive signed alerts.',
          h(
            'button',
            { type: 'button', class: 'btn btn-primary', onClick: () => showForm() },
            icon('plus'),
            'Add endpoint',
          ),
        ),
      );
      return;
    }
    replace(
      listBody,
      table(
        [
          {
            label: 'Endpoint',
            className: 'col-provider',
            cell: (w) =>
              h(
                'div',
                { class: 'provider-cell' },
                h(
                  'a',
                  { class: 'row-title', href: `#/webhooks/${w.id}`, 'aria-label': `Deliveries to ${w.url}` },
                  w.description || `Endpoint ${w.id}`,
                ),
                h('span', { class: 'url muted' }, w.url),
              ),
          },
          {
            label: 'Events',
            cell: (w) =>
              w.eventTypes.length === 0
                ? h('span', {}, 'All events')
                : h(
                    'span',
                    { class: 'tags' },
                    w.eventTypes.map((t) => h('span', { class: 'tag' }, t)),
                  ),
          },
          {
            label: 'Providers',
            cell: (w) =>
              w.providerIds.length === 0 && w.tags.length === 0
                ? h('span', {}, 'All providers')
                : h(
                    'span',
                    { class: 'tags' },
                    w.tags.map((t) => h('span', { class: 'tag' }, `tag: ${t}`)),
                    w.providerIds.map((p) => h('a', { class: 'tag', href: `#/providers/${p}` }, `#${p}`)),
                  ),
          },
          { label: 'State', className: 'col-status', cell: (w) => endpointState(w) },
          {
            label: 'Actions',
            className: 'col-actions',
            cell: (w) =>
              h(
                'div',
                { class: 'button-row' },
                actionButton([icon('send'), 'Send test'], () => sendTest(w), {
                  class: 'btn btn-sm',
                  'aria-label': `Send a test to ${w.url}`,
                }),
                h(
                  'a',
                  {
                    class: 'btn btn-sm',
                    href: `#/webhooks/${w.id}`,
                    'aria-current': w.id === selectedId ? 'true' : undefined,
                  },
                  'Deliveries',
                ),
                menu(`More actions for ${w.url}`, [
                  actionButton(w.enabled ? 'Disable' : 'Enable', () => toggle(w), { class: 'menu-item' }),
                  actionButton([icon('key'), 'Rotate secret'], () => rotate(w), { class: 'menu-item' }),
                  actionButton([icon('trash'), 'Delete'], () => remove(w), {
                    class: 'menu-item menu-danger',
                    'aria-label': `Delete the endpoint ${w.url}`,
                  }),
                ]),
              ),
          },
        ],
        endpoints,
        {
          caption: 'Webhook endpoints',
          className: 'table-webhooks',
          rowProps: (w) => ({ class: w.id === selectedId ? 'is-selected' : undefined }),
        },
      ),
    );
  }

  function endpointState(w) {
    const [label, iconName, tone, hint] = !w.enabled
      ? w.disabledReason === 'gone'
        ? ['Gone', 'x-circle', 'bad', 'The receiver answered 410 Gone; enable it again to resume']
        : ['Disabled', 'clock', 'neutral', 'Switched off']
      : w.failing
        ? [
            'Failing',
            'alert-triangle',
            'bad',
            `A delivery exhausted its retries${w.failingSince ? ` (${shortDateTime(w.failingSince)})` : ''}`,
          ]
        : ['Active', 'check-circle', 'good', 'Receiving alerts'];
    return h('span', { class: ['event-badge', `tone-${tone}`], title: hint }, icon(iconName), h('span', {}, label));
  }

  function showSecret(webhook, reason) {
    const secretId = uid('secret');
    const headingId = uid('secret-title');
    const field = h('input', {
      id: secretId,
      class: 'secret-value',
      type: 'text',
      readonly: true,
      value: webhook.secret,
      spellcheck: 'false',
      autocomplete: 'off',
    });
    replace(
      secretSlot,
      h(
        'div',
        { class: 'secret-panel', role: 'region', 'aria-labelledby': headingId },
        h(
          'div',
          { class: 'secret-head' },
          icon('key'),
          h(
            'h2',
            { id: headingId, class: 'card-title' },
            reason === 'rotated' ? 'New signing secret' : 'Endpoint created: its signing secret',
          ),
        ),
        h(
          'p',
          {},
          'Copy it now and store it with the receiver: ',
          h('strong', {}, 'it is shown only this once.'),
          reason === 'rotated' ? ' The previous secret keeps signing until the rotation window ends.' : '',
        ),
        h('label', { for: secretId, class: 'visually-hidden' }, 'Signing secret'),
        h(
          'div',
          { class: 'secret-row' },
          field,
          h(
            'button',
            {
              type: 'button',
              class: 'btn',
              onClick: async () => {
                field.select();
                try {
                  await navigator.clipboard.writeText(field.value);
                  toast('Secret copied', 'success');
                } catch {
                  toast('Press Ctrl+C (⌘C) to copy the selected secret');
                }
              },
            },
            icon('copy'),
            'Copy',
          ),
        ),
        h(
          'p',
          { class: 'muted' },
          'Receivers verify webhook-signature: v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}"> keyed with the base64-decoded part after whsec_.',
        ),
        h(
          'div',
          { class: 'form-actions' },
          h(
            'button',
            { type: 'button', class: 'btn btn-primary', onClick: () => replace(secretSlot) },
            'I have stored it',
          ),
        ),
      ),
    );
    field.focus();
    field.select();
  }

  function showForm() {
    if (formSlot.firstChild) {
      formSlot.querySelector('input')?.focus();
      return;
    }
    const urlId = uid('wh-url');
    const descId = uid('wh-desc');
    const tagsId = uid('wh-tags');
    const urlError = h('p', { id: `${urlId}-error`, class: 'field-error', hidden: true });
    const generalError = h('div', { class: 'form-summary', role: 'alert', hidden: true });
    const url = h('input', {
      id: urlId,
      name: 'url',
      type: 'url',
      required: true,
      placeholder: 'https://alerts.example.com/jwks-monitor',
      autocomplete: 'off',
      'aria-describedby': `${urlId}-hint`,
    });
    const description = h('input', {
      id: descId,
      name: 'description',
      type: 'text',
      maxlength: 500,
      autocomplete: 'off',
    });
    const tags = h('input', {
      id: tagsId,
      name: 'tags',
      type: 'text',
      autocomplete: 'off',
      'aria-describedby': `${tagsId}-hint`,
    });
    const checks = EVENT_TYPES.map((t) => ({
      type: t,
      box: h('input', { type: 'checkbox', name: 'eventTypes', value: t, id: uid('ev') }),
    }));
    const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Create endpoint');
    const form = h(
      'form',
      {
        class: 'form card',
        novalidate: true,
        onSubmit: async (event) => {
          event.preventDefault();
          urlError.hidden = true;
          generalError.hidden = true;
          url.removeAttribute('aria-invalid');
          const body = { url: url.value.trim() };
          if (description.value.trim() !== '') body.description = description.value.trim();
          const chosen = checks.filter((c) => c.box.checked).map((c) => c.type);
          if (chosen.length > 0) body.eventTypes = chosen;
          const tagList = tags.value
            .split(',')
            .map((t) => t.trim())
            .filter((t) => t !== '');
          if (tagList.length > 0) body.tags = [...new Set(tagList)];
          submit.disabled = true;
          try {
            const created = await api.post('/webhooks', body);
            replace(formSlot);
            showSecret(created, 'created');
            await loadList();
          } catch (error) {
            const fields = error instanceof ApiError ? error.fields : [];
            const urlProblems = fields.filter((f) => f.field.replace(/^body\.?/, '').startsWith('url'));
            if (urlProblems.length > 0) {
              urlError.textContent = `URL ${urlProblems.map((f) => f.problem).join('; ')}.`;
              urlError.hidden = false;
              url.setAttribute('aria-invalid', 'true');
              url.setAttribute('aria-describedby', `${urlId}-error ${urlId}-hint`);
              url.focus();
            }
            const others = fields.filter((f) => !urlProblems.includes(f));
            if (others.length > 0 || fields.length === 0) {
              replace(
                generalError,
                icon('alert-octagon'),
                h(
                  'div',
                  {},
                  others.length > 0
                    ? others.map((f) => h('p', {}, `${f.field} ${f.problem}`))
                    : h('p', {}, describeError(error)),
                ),
              );
              generalError.hidden = false;
            }
          } finally {
            submit.disabled = false;
          }
        },
      },
      h('h2', { class: 'card-title' }, 'New endpoint'),
      generalError,
      h(
        'div',
        { class: 'form-field' },
        h('label', { for: urlId }, 'URL', h('span', { class: 'required', 'aria-hidden': 'true' }, ' *')),
        url,
        h(
          'p',
          { id: `${urlId}-hint`, class: 'hint' },
          'An https URL (plain http only where ALLOW_PRIVATE_NETWORKS allows internal receivers).',
        ),
        urlError,
      ),
      h(
        'div',
        { class: 'form-field' },
        h('label', { for: descId }, 'Description', h('span', { class: 'optional' }, ' (optional)')),
        description,
      ),
      h(
        'fieldset',
        { class: 'form-group' },
        h('legend', {}, 'Events (none checked = every event)'),
        h(
          'div',
          { class: 'check-grid' },
          checks.map((c) => h('label', { class: 'check', for: c.box.id }, c.box, h('code', {}, c.type))),
        ),
      ),
      h(
        'div',
        { class: 'form-field' },
        h('label', { for: tagsId }, 'Only providers tagged', h('span', { class: 'optional' }, ' (optional)')),
        tags,
        h('p', { id: `${tagsId}-hint`, class: 'hint' }, 'Comma-separated; empty = every provider.'),
      ),
      h(
        'div',
        { class: 'form-actions' },
        submit,
        h('button', { type: 'button', class: 'btn', onClick: () => replace(formSlot) }, 'Cancel'),
      ),
    );
    replace(formSlot, form);
    url.focus();
  }

  async function sendTest(w) {
    try {
      const delivery = await api.post(`/webhooks/${w.id}/test`);
      const ok = delivery.status === 'delivered';
      toast(
        ok
          ? `Test delivered to ${w.url} (HTTP ${delivery.lastStatusCode}, ${latency(delivery.lastLatencyMs)})`
          : `Test not delivered: ${delivery.lastError ?? `HTTP ${delivery.lastStatusCode ?? '—'}`}`,
        ok ? 'success' : 'error',
      );
      if (selectedId === w.id) await loadDeliveries();
      else ctx.navigate(`/webhooks/${w.id}`);
    } catch (error) {
      toast(`Could not send the test: ${describeError(error)}`, 'error');
    }
  }

  async function toggle(w) {
    try {
      await api.patch(`/webhooks/${w.id}`, { enabled: !w.enabled });
      toast(w.enabled ? 'Endpoint disabled' : 'Endpoint enabled', 'success');
      await loadList();
    } catch (error) {
      toast(describeError(error), 'error');
    }
  }

  async function rotate(w) {
    const ok = await confirmDialog({
      title: 'Rotate the signing secret?',
      body: `A new secret is issued for ${w.url}. Both secrets sign deliveries during the rotation window, so the receiver can switch without losing messages.`,
      confirmLabel: 'Rotate secret',
    });
    if (!ok) return;
    try {
      showSecret(await api.post(`/webhooks/${w.id}/rotate-secret`), 'rotated');
      await loadList();
    } catch (error) {
      toast(describeError(error), 'error');
    }
  }

  async function remove(w) {
    const ok = await confirmDialog({
      title: 'Delete this endpoint?',
      body: `${w.url} stops receiving alerts, and its delivery log is deleted.`,
      confirmLabel: 'Delete endpoint',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.delete(`/webhooks/${w.id}`);
      toast('Endpoint deleted', 'success');
      if (selectedId === w.id) ctx.navigate('/webhooks');
      else await loadList();
    } catch (error) {
      toast(describeError(error), 'error');
    }
  }

  async function loadDeliveries() {
    if (selectedId === undefined) return;
    try {
      const { deliveries } = await api.get(`/webhooks/${selectedId}/deliveries${query({ limit: DELIVERY_PAGE })}`);
      if (!ctx.isCurrent()) return;
      const endpoint = endpoints.find((w) => w.id === selectedId);
      const now = Date.now();
      replace(
        deliveriesSlot,
        section(
          {
            title: 'Delivery log',
            id: 'deliveries',
            description: endpoint
              ? `Messages sent to ${endpoint.url}, newest first.`
              : 'Messages sent to this endpoint, newest first.',
            actions: [actionButton([icon('refresh'), 'Refresh'], loadDeliveries, { class: 'btn btn-sm' })],
          },
          deliveries.length === 0
            ? emptyState('Nothing sent yet', 'Alerts appear here as they are delivered. "Send test" sends one now.')
            : table(
                [
                  {
                    label: 'Created',
                    className: 'col-time',
                    cell: (d) => timeAgo(d.createdAt, (iso) => ago(iso, now)),
                  },
                  {
                    label: 'Event',
                    cell: (d) =>
                      h(
                        'span',
                        { class: 'event-cell' },
                        h('code', {}, d.eventType),
                        d.kind === 'test' ? h('span', { class: 'tag' }, 'test') : null,
                      ),
                  },
                  { label: 'Status', className: 'col-status', cell: (d) => deliveryState(d) },
                  {
                    label: 'Response',
                    className: 'col-num',
                    cell: (d) =>
                      d.lastStatusCode === null ? h('span', { class: 'muted' }, '—') : `HTTP ${d.lastStatusCode}`,
                  },
                  { label: 'Latency', className: 'col-num', cell: (d) => latency(d.lastLatencyMs ?? undefined) },
                  { label: 'Attempts', cell: (d) => attempts(d) },
                  {
                    label: 'Next attempt',
                    className: 'col-time',
                    cell: (d) =>
                      d.nextAttemptAt
                        ? timeAgo(d.nextAttemptAt, (iso) => ago(iso, now))
                        : h('span', { class: 'muted' }, '—'),
                  },
                  {
                    label: 'Actions',
                    className: 'col-actions',
                    cell: (d) =>
                      actionButton([icon('refresh'), 'Redeliver'], () => redeliver(d), {
                        class: 'btn btn-sm',
                        'aria-label': `Redeliver ${d.eventType} message ${d.messageId}`,
                      }),
                  },
                ],
                deliveries,
                { caption: 'Deliveries, newest first', className: 'table-compact table-deliveries' },
              ),
        ),
      );
    } catch (error) {
      if (!ctx.isCurrent()) return;
      if (error instanceof ApiError && error.status === 404) {
        replace(
          deliveriesSlot,
          emptyState(
            'Endpoint not found',
            'It may have been deleted.',
            h('a', { class: 'btn', href: '#/webhooks' }, 'Back to the endpoints'),
          ),
        );
        clearInterval(timer);
        return;
      }
      replace(
        deliveriesSlot,
        errorBox(error, () => void loadDeliveries()),
      );
    }
  }

  function deliveryState(d) {
    const info =
      d.status === 'failed' && !d.nextAttemptAt
        ? FAILED_FOR_GOOD
        : (DELIVERY_STATUS[d.status] ?? { label: d.status, icon: 'info', tone: 'neutral' });
    return h(
      'span',
      { class: ['event-badge', `tone-${info.tone}`], title: d.lastError ?? '' },
      icon(info.icon),
      h('span', {}, info.label),
    );
  }

  function attempts(d) {
    if (d.attempts.length === 0) return h('span', { class: 'muted' }, plural(d.attemptCount, 'attempt'));
    return h(
      'details',
      { class: 'attempts' },
      h('summary', {}, plural(d.attemptCount, 'attempt')),
      h(
        'ol',
        {},
        d.attempts.map((a) =>
          h(
            'li',
            {},
            h('time', { datetime: a.at }, shortDateTime(a.at)),
            ` · ${a.outcome}`,
            a.statusCode !== null ? ` · HTTP ${a.statusCode}` : '',
            a.latencyMs !== null ? ` · ${latency(a.latencyMs)}` : '',
            a.manual ? ' · manual' : '',
            a.error ? h('span', { class: 'error-text' }, ` · ${a.error}`) : null,
          ),
        ),
      ),
    );
  }

  async function redeliver(d) {
    try {
      const result = await api.post(`/deliveries/${d.id}/redeliver`);
      toast(
        result.status === 'delivered'
          ? `Redelivered (HTTP ${result.lastStatusCode})`
          : `Redelivery failed: ${result.lastError ?? `HTTP ${result.lastStatusCode ?? '—'}`}`,
        result.status === 'delivered' ? 'success' : 'error',
      );
      await loadDeliveries();
    } catch (error) {
      toast(`Could not redeliver: ${describeError(error)}`, 'error');
    }
  }

  void loadList().then(() => loadDeliveries());
  if (selectedId !== undefined) {
    timer = setInterval(() => {
      if (!document.hidden && !document.querySelector('dialog[open]') && !deliveriesSlot.querySelector('details[open]'))
        void loadDeliveries();
    }, REFRESH_MS);
  }
  return () => clearInterval(timer);
}
