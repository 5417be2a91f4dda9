// Provider status and finding severity as badges: an icon AND a word, and a colour only as a third cue.
import { h } from './dom.js';
import { icon } from './icons.js';

export const STATUSES = ['down', 'failing', 'degraded', 'pending', 'up'];

export const STATUS_INFO = {
  down: { label: 'Down', icon: 'arrow-down-circle', hint: 'Unreachable for several polls in a row' },
  failing: { label: 'Failing', icon: 'x-circle', hint: 'The latest verdict has errors' },
  degraded: { label: 'Degraded', icon: 'alert-triangle', hint: 'The latest verdict has warnings' },
  pending: { label: 'Pending', icon: 'clock', hint: 'No verdict yet' },
  up: { label: 'Up', icon: 'check-circle', hint: 'The latest verdict has no finding' },
};

export const SEVERITIES = ['error', 'warning', 'info'];

export const SEVERITY_INFO = {
  error: { label: 'Error', icon: 'alert-octagon' },
  warning: { label: 'Warning', icon: 'alert-triangle' },
  info: { label: 'Info', icon: 'info' },
};

export function statusBadge(status, { large = false } = {}) {
  const info = STATUS_INFO[status] ?? { label: String(status), icon: 'info', hint: '' };
  return h(
    'span',
    { class: ['badge', `status-${STATUS_INFO[status] ? status : 'unknown'}`, large && 'badge-lg'], title: info.hint },
    icon(info.icon),
    h('span', { class: 'badge-text' }, info.label),
  );
}

export function severityBadge(severity) {
  const info = SEVERITY_INFO[severity] ?? { label: String(severity), icon: 'info' };
  return h(
    'span',
    { class: ['badge', `sev-${SEVERITY_INFO[severity] ? severity : 'unknown'}`] },
    icon(info.icon),
    h('span', { class: 'badge-text' }, info.label),
  );
}

/** "2 errors · 1 warning", each count with its severity icon; "None" when there is nothing open. */
export function findingCounts(counts, { compact = false } = {}) {
  const parts = SEVERITIES.filter((sev) => (counts?.[sev] ?? 0) > 0);
  if (parts.length === 0) return h('span', { class: 'muted' }, 'None');
  return h(
    'span',
    { class: 'counts' },
    parts.map((sev) => {
      const n = counts[sev];
      const word = n === 1 ? sev : sev === 'info' ? 'info' : `${sev}s`;
      return h(
        'span',
        { class: ['count-chip', `sev-${sev}`], title: `${n} open ${word}` },
        icon(SEVERITY_INFO[sev].icon),
        h('span', {}, compact ? `${n}` : `${n} ${word}`),
        compact ? h('span', { class: 'visually-hidden' }, ` ${word}`) : null,
      );
    }),
  );
}
