// Shared pieces of the page: toasts, in-page dialogs (never window.confirm/prompt), sections, tables, states.
import { h, uid } from './dom.js';
import { icon } from './icons.js';
import { ApiError } from './api.js';
import { clock, span } from './format.js';

const TOAST_MS = 5000;

/** A short message in the live region at the bottom of the page. */
export function toast(message, kind = 'info') {
  const region = document.getElementById('toasts');
  if (region === null) return;
  const item = h(
    'div',
    { class: ['toast', `toast-${kind}`], role: kind === 'error' ? 'alert' : 'status' },
    icon(kind === 'error' ? 'alert-octagon' : kind === 'success' ? 'check-circle' : 'info'),
    h('span', {}, message),
  );
  region.append(item);
  setTimeout(() => item.remove(), TOAST_MS);
}

function modal(build) {
  return new Promise((resolve) => {
    const titleId = uid('dialog-title');
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId });
    const finish = (value) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(null);
    });
    dialog.append(build({ titleId, finish }));
    document.body.append(dialog);
    dialog.showModal();
    const first = dialog.querySelector('[autofocus], input, textarea, select, button');
    if (first instanceof HTMLElement) first.focus();
  });
}

/** Resolves true when the user confirms. */
export function confirmDialog({ title, body, confirmLabel = 'Confirm', danger = false }) {
  return modal(({ titleId, finish }) =>
    h(
      'div',
      { class: 'dialog-body' },
      h('h2', { id: titleId, class: 'dialog-title' }, title),
      h('p', {}, body),
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'btn', onClick: () => finish(false), autofocus: true }, 'Cancel'),
        h(
          'button',
          { type: 'button', class: ['btn', danger ? 'btn-danger' : 'btn-primary'], onClick: () => finish(true) },
          confirmLabel,
        ),
      ),
    ),
  ).then((value) => value === true);
}

/** A one-field form in a dialog; resolves the trimmed text, or null when cancelled. */
export function textDialog({ title, body, label, hint, confirmLabel = 'Save', maxLength = 500 }) {
  return modal(({ titleId, finish }) => {
    const inputId = uid('dialog-input');
    const hintId = uid('dialog-hint');
    const input = h('textarea', {
      id: inputId,
      name: 'text',
      rows: 3,
      required: true,
      maxlength: maxLength,
      'aria-describedby': hintId,
    });
    const error = h('p', { class: 'field-error', hidden: true, role: 'alert' });
    const form = h(
      'form',
      {
        class: 'dialog-body',
        onSubmit: (event) => {
          event.preventDefault();
          const value = input.value.trim();
          if (value === '') {
            error.textContent = `${label} is required.`;
            error.hidden = false;
            input.setAttribute('aria-invalid', 'true');
            input.focus();
            return;
          }
          finish(value);
        },
      },
      h('h2', { id: titleId, class: 'dialog-title' }, title),
      body ? h('p', {}, body) : null,
      h('label', { for: inputId }, label),
      input,
      h('p', { id: hintId, class: 'hint' }, hint ?? ''),
      error,
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'btn', onClick: () => finish(null) }, 'Cancel'),
        h('button', { type: 'submit', class: 'btn btn-primary' }, confirmLabel),
      ),
    );
    return form;
  });
}

/** A titled card section of a page. */
export function section({ title, id, description, actions = [], className }, ...body) {
  const headingId = id ? `${id}-title` : uid('section');
  return h(
    'section',
    { class: ['card', className], id, 'aria-labelledby': headingId },
    h(
      'header',
      { class: 'card-header' },
      h(
        'div',
        {},
        h('h2', { id: headingId, class: 'card-title' }, title),
        description ? h('p', { class: 'card-description' }, description) : null,
      ),
      actions.length > 0 ? h('div', { class: 'card-actions' }, actions) : null,
    ),
    h('div', { class: 'card-body' }, body),
  );
}

/**
 * A table that reads well on a desktop and turns into labelled cards on a phone (data-label feeds the CSS).
 * columns: [{ label, className, cell(row) → node|string }]
 */
export function table(columns, rows, { caption, className, rowProps } = {}) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: ['table', className] },
      caption ? h('caption', { class: 'visually-hidden' }, caption) : null,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          columns.map((c) => h('th', { scope: 'col', class: c.className }, c.label)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            rowProps ? rowProps(row) : {},
            columns.map((c) => h('td', { class: c.className, dataset: { label: c.label } }, c.cell(row))),
          ),
        ),
      ),
    ),
  );
}

export function emptyState(title, body, action) {
  return h(
    'div',
    { class: 'empty' },
    h('p', { class: 'empty-title' }, title),
    body ? h('p', { class: 'muted' }, body) : null,
    action ?? null,
  );
}

export function loading(label = 'Loading…') {
  return h(
    'div',
    { class: 'loading', role: 'status' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }),
    h('span', {}, label),
  );
}

/** What went wrong, in words, with a way to try again. */
export function errorBox(error, retry) {
  const text =
    error instanceof ApiError
      ? `${error.message} (${error.code})`
      : error instanceof Error
        ? error.message
        : String(error);
  return h(
    'div',
    { class: 'alert alert-error', role: 'alert' },
    icon('alert-octagon'),
    h('div', {}, h('p', { class: 'alert-title' }, 'Could not load this part of the page'), h('p', {}, text)),
    retry ? h('button', { type: 'button', class: 'btn btn-sm', onClick: retry }, icon('refresh'), 'Try again') : null,
  );
}

/**
 * Data older than this many refresh periods is flagged: a refresh failed or hung, and the page must not pass old
 * data (an "All providers healthy" of an hour ago) for the current state.
 */
const STALE_AFTER_REFRESHES = 2;

/** A warning that the page shows data from `updatedAt` (epoch ms); null while it is recent or nothing was shown. */
export function staleNotice(updatedAt, refreshMs, now = Date.now()) {
  if (updatedAt === 0 || now - updatedAt < STALE_AFTER_REFRESHES * refreshMs) return null;
  return h(
    'div',
    { class: 'alert alert-warning stale-notice', role: 'status' },
    icon('alert-triangle'),
    h(
      'div',
      {},
      h('p', { class: 'alert-title' }, 'This page may be out of date'),
      h(
        'p',
        {},
        `Last updated ${clock(updatedAt)} (${span(now - updatedAt)} ago): the service has not answered since. `,
        `Retrying every ${span(refreshMs)}.`,
      ),
    ),
  );
}

/** A <time> element: relative text, the exact time in the title and datetime attribute. */
export function timeAgo(iso, format) {
  if (!iso) return h('span', { class: 'muted' }, 'never');
  return h('time', { datetime: iso, title: new Date(iso).toLocaleString() }, format(iso));
}

/** A button that disables itself while its async action runs. */
export function actionButton(content, action, props = {}) {
  const button = h('button', { type: 'button', class: 'btn', ...props }, content);
  button.addEventListener('click', async () => {
    if (button.disabled) return;
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    try {
      await action(button);
    } finally {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
  });
  return button;
}

export function describeError(error) {
  if (error instanceof ApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}
