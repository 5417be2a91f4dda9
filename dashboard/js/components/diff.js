// What changed between two snapshots (GET /providers/:id/diff): the rotation state, then each kind of change.
import { h } from '../dom.js';
import { plural } from '../format.js';
import { keyLine } from './keys.js';
import { ROTATION_INFO } from './timeline.js';

export function diffView(diff) {
  const info = ROTATION_INFO[diff.rotationState] ?? ROTATION_INFO.unknown;
  const groups = [
    { title: 'Added', items: diff.added.map((k) => keyLine(k)) },
    { title: 'Removed', items: diff.removed.map((k) => keyLine(k)) },
    {
      title: 'Same kid, different key material',
      items: diff.kidReused.map((r) =>
        h(
          'span',
          { class: 'diff-pair' },
          keyLine(r.before ?? {}),
          h('span', { 'aria-hidden': 'true' }, '→'),
          keyLine(r.after ?? {}),
        ),
      ),
    },
    {
      title: 'Same key material, different kid',
      items: diff.materialReused.map((r) =>
        h(
          'span',
          { class: 'diff-pair' },
          keyLine(r.before ?? {}),
          h('span', { 'aria-hidden': 'true' }, '→'),
          keyLine(r.after ?? {}),
        ),
      ),
    },
    {
      title: 'Metadata changed',
      items: diff.metadataChanged.map((m) =>
        h(
          'span',
          { class: 'diff-pair' },
          keyLine(m.after ?? m.before ?? {}),
          h('span', { class: 'muted' }, `changed: ${(m.members ?? []).join(', ')}`),
        ),
      ),
    },
  ].filter((g) => g.items.length > 0);
  return h(
    'div',
    { class: 'diff' },
    h(
      'p',
      { class: 'diff-state' },
      h(
        'span',
        { class: ['rot-badge', `rot-${diff.rotationState}`], title: info.hint },
        h('span', { 'aria-hidden': 'true' }, info.glyph),
        ` ${info.label}`,
      ),
      h('span', { class: 'muted' }, ` ${info.hint}.`),
    ),
    groups.length === 0
      ? h('p', { class: 'muted' }, 'The two snapshots hold the same keys.')
      : groups.map((g) =>
          h(
            'div',
            {
              class: [
                'diff-group',
                `diff-${g.title === 'Added' ? 'added' : g.title === 'Removed' ? 'removed' : 'changed'}`,
              ],
            },
            h('h3', { class: 'diff-title' }, `${g.title} (${plural(g.items.length, 'key')})`),
            h(
              'ul',
              { class: 'diff-list' },
              g.items.map((item) => h('li', {}, item)),
            ),
          ),
        ),
  );
}
