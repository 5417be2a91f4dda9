// The content history of a provider as an SVG timeline: one node per published key set (oldest left), the key
// count inside, and on each change the rotation state — by symbol and word, not colour alone — with keys added and
// removed. A table below says the same in text for screen readers and for copying.
import { h, s } from '../dom.js';
import { count, shortDateTime } from '../format.js';
import { table } from '../ui.js';

export const ROTATION_INFO = {
  first: { label: 'First seen', glyph: '●', hint: 'The first key set this monitor saw' },
  no_change: { label: 'No key change', glyph: '=', hint: 'The same keys (metadata or discovery changed)' },
  safe_overlap: { label: 'Safe overlap', glyph: '✓', hint: 'New keys were published while the old ones stayed' },
  overlap: { label: 'Overlap', glyph: '!', hint: 'Old and new keys overlap, but the overlap may be too short' },
  disjoint: { label: 'Disjoint', glyph: '✕', hint: 'Every key was replaced at once: tokens signed before fail' },
  unknown: { label: 'Changed', glyph: '?', hint: 'The comparison could not be loaded' },
};

const NODE_RADIUS = 17;
const STEP = 132;
const PAD_X = 72;
const HEIGHT = 176;
const LINE_Y = 84;

/**
 * entries: history entries oldest first, each { snapshotId, keyCount, firstSeenAt, lastSeenAt, confirmedAt,
 * change: { state, added, removed } | undefined (the first) }.
 */
export function timeline(entries) {
  const width = Math.max(PAD_X * 2 + STEP * Math.max(0, entries.length - 1), 480);
  const svg = s('svg', {
    class: 'timeline',
    viewBox: `0 0 ${width} ${HEIGHT}`,
    width,
    height: HEIGHT,
    role: 'img',
    'aria-label': `Timeline of ${entries.length} key sets, oldest first; the table below lists the same changes`,
  });
  if (entries.length > 1) {
    svg.append(
      s('line', { class: 'tl-axis', x1: PAD_X, y1: LINE_Y, x2: PAD_X + STEP * (entries.length - 1), y2: LINE_Y }),
    );
  }
  entries.forEach((entry, i) => {
    const x = PAD_X + STEP * i;
    const state = entry.change === undefined ? 'first' : entry.change.state;
    const info = ROTATION_INFO[state] ?? ROTATION_INFO.unknown;
    const latest = i === entries.length - 1;
    const group = s('g', {
      class: ['tl-node', `rot-${state}`, entry.confirmedAt === null && 'tl-unconfirmed', latest && 'tl-latest']
        .filter(Boolean)
        .join(' '),
    });
    group.append(
      s(
        'title',
        {},
        `${info.label}: ${info.hint}. ${count(entry.keyCount)} keys, first seen ${shortDateTime(entry.firstSeenAt)}`,
      ),
    );
    // The state of the change into this key set, above the node.
    group.append(s('text', { class: 'tl-state', x, y: 28, 'text-anchor': 'middle' }, `${info.glyph} ${info.label}`));
    if (entry.change !== undefined && (entry.change.added > 0 || entry.change.removed > 0)) {
      group.append(
        s(
          'text',
          { class: 'tl-delta', x, y: 46, 'text-anchor': 'middle' },
          `+${entry.change.added} −${entry.change.removed}`,
        ),
      );
    }
    if (latest) group.append(s('circle', { class: 'tl-halo', cx: x, cy: LINE_Y, r: NODE_RADIUS + 5 }));
    group.append(s('circle', { class: 'tl-dot', cx: x, cy: LINE_Y, r: NODE_RADIUS }));
    group.append(s('text', { class: 'tl-count', x, y: LINE_Y + 5, 'text-anchor': 'middle' }, count(entry.keyCount)));
    group.append(
      s('text', { class: 'tl-date', x, y: LINE_Y + 40, 'text-anchor': 'middle' }, shortDateTime(entry.firstSeenAt)),
    );
    const note = latest ? 'current' : entry.confirmedAt === null ? 'unconfirmed' : '';
    if (note) group.append(s('text', { class: 'tl-note', x, y: LINE_Y + 58, 'text-anchor': 'middle' }, note));
    svg.append(group);
  });
  return h(
    'div',
    { class: 'timeline-scroll', tabindex: 0, role: 'group', 'aria-label': 'Key set timeline (scrolls sideways)' },
    svg,
  );
}

export function timelineTable(entries) {
  const rows = [...entries].reverse();
  return table(
    [
      { label: 'First seen', cell: (e) => h('time', { datetime: e.firstSeenAt }, shortDateTime(e.firstSeenAt)) },
      {
        label: 'Change',
        cell: (e) => {
          const state = e.change === undefined ? 'first' : e.change.state;
          const info = ROTATION_INFO[state] ?? ROTATION_INFO.unknown;
          return h(
            'span',
            { class: ['rot-badge', `rot-${state}`], title: info.hint },
            h('span', { 'aria-hidden': 'true' }, info.glyph),
            ` ${info.label}`,
          );
        },
      },
      { label: 'Keys', className: 'col-num', cell: (e) => count(e.keyCount) },
      {
        label: 'Added / removed',
        cell: (e) => (e.change === undefined ? '—' : `+${e.change.added} / −${e.change.removed}`),
      },
      { label: 'Confirmed', cell: (e) => (e.confirmedAt === null ? 'Not confirmed' : shortDateTime(e.confirmedAt)) },
      { label: 'Last seen', cell: (e) => shortDateTime(e.lastSeenAt) },
    ],
    rows,
    { caption: 'Key set changes, newest first', className: 'table-compact' },
  );
}
