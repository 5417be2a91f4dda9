// Change events in words. Payload fields are remote values: they are read defensively and shown as text.
import { h } from '../dom.js';
import { ago, plural, shortDateTime } from '../format.js';
import { icon } from '../icons.js';
import { ROTATION_INFO } from './timeline.js';
import { table, timeAgo } from '../ui.js';

const EVENT_INFO = {
  'key.added': { label: 'Key added', icon: 'plus', tone: 'good' },
  'key.removed': { label: 'Key removed', icon: 'trash', tone: 'neutral' },
  'key.changed': { label: 'Key changed', icon: 'alert-triangle', tone: 'warn' },
  'key.private_material': { label: 'Private key leaked', icon: 'alert-octagon', tone: 'bad' },
  'rotation.detected': { label: 'Rotation', icon: 'refresh', tone: 'neutral' },
  'rotation.flapping': { label: 'Flapping', icon: 'activity', tone: 'warn' },
  'discovery.changed': { label: 'Discovery changed', icon: 'info', tone: 'warn' },
  'conformance.failed': { label: 'Finding opened', icon: 'x-circle', tone: 'bad' },
  'conformance.resolved': { label: 'Finding resolved', icon: 'check-circle', tone: 'good' },
  'provider.down': { label: 'Down', icon: 'arrow-down-circle', tone: 'bad' },
  'provider.recovered': { label: 'Recovered', icon: 'check-circle', tone: 'good' },
  'webhook.test': { label: 'Test', icon: 'send', tone: 'neutral' },
};

const str = (v) => (typeof v === 'string' ? v : undefined);
const num = (v) => (typeof v === 'number' ? v : undefined);
const obj = (v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {});
const arr = (v) => (Array.isArray(v) ? v : []);

function keyName(key) {
  const k = obj(key);
  const kid = str(k.kid);
  if (kid !== undefined) return `"${kid}"`;
  const thumb = str(k.thumbprint);
  return thumb !== undefined ? `with thumbprint ${thumb.slice(0, 12)}…` : 'without kid';
}

/** A grouped event's listed items (the first few of `count`), and how many more there were. */
function withMore(items, count) {
  const more = count - items.length;
  return more > 0 ? `${items.join(', ')} and ${more} more` : items.join(', ');
}

function keyList(keys, count) {
  return withMore(arr(keys).map(keyName), count);
}

export function describeEvent(event) {
  const d = obj(event.data);
  switch (event.type) {
    case 'key.added':
      if (num(d.count) !== undefined)
        return `${plural(num(d.count), 'key')} were published: ${keyList(d.keys, num(d.count))}.`;
      return `Key ${keyName(d.key)} was published${str(obj(d.key).alg) ? ` (${str(obj(d.key).alg)})` : ''}.`;
    case 'key.removed':
      if (num(d.count) !== undefined)
        return `${plural(num(d.count), 'key')} are no longer published: ${keyList(d.keys, num(d.count))}.`;
      return `Key ${keyName(d.key)} is no longer published.`;
    case 'key.changed':
      if (num(d.count) !== undefined) {
        const kids = arr(d.changes).map((c) => `"${str(obj(c).kid) ?? '?'}"`);
        return `${plural(num(d.count), 'kid')} now name different key material: ${withMore(kids, num(d.count))}.`;
      }
      return `kid "${str(d.kid) ?? '?'}" now names different key material.`;
    case 'key.private_material': {
      const keys = arr(d.keys).map(
        (k) =>
          `${keyName(k)} (${arr(obj(k).members)
            .filter((m) => typeof m === 'string')
            .join(', ')})`,
      );
      return `Private key material is published in ${plural(num(d.count) ?? keys.length, 'key')}: ${keys.join('; ')}.`;
    }
    case 'rotation.detected': {
      const state = ROTATION_INFO[str(d.state) ?? 'unknown'] ?? ROTATION_INFO.unknown;
      return `${state.label} rotation: ${num(d.addedCount) ?? arr(d.added).length} added, ${num(d.removedCount) ?? arr(d.removed).length} removed.`;
    }
    case 'rotation.flapping':
      return `The key set keeps changing back and forth: ${num(d.contents) ?? '?'} contents since ${shortDateTime(str(d.since))}.`;
    case 'discovery.changed':
      return arr(d.changes)
        .map(
          (c) =>
            `${str(obj(c).member) ?? '?'} changed from ${str(obj(c).before) ?? '?'} to ${str(obj(c).after) ?? '?'}`,
        )
        .join('; ');
    case 'conformance.failed':
    case 'conformance.resolved': {
      const first = str(obj(arr(d.findings)[0]).message);
      const verb = event.type === 'conformance.failed' ? 'fails' : 'passes again';
      return `${str(d.ruleId) ?? '?'} ${verb}${first && event.type === 'conformance.failed' ? `: ${first}` : '.'}`;
    }
    case 'provider.down': {
      const error = obj(d.error);
      return `Unreachable for ${plural(num(d.consecutiveFailures) ?? 0, 'poll')}: ${str(error.code) ?? ''} ${str(error.message) ?? ''}`.trim();
    }
    case 'provider.recovered':
      return `Reachable again after ${plural(num(d.consecutiveSuccesses) ?? 0, 'good poll')}.`;
    default:
      return '';
  }
}

const SEVERITY_TONE = { error: 'bad', warning: 'warn', info: 'neutral' };

export function eventBadge(type, data) {
  const info = EVENT_INFO[type] ?? { label: type, icon: 'info', tone: 'neutral' };
  // A failed info-level rule is news, not an alarm: the tone follows the rule's severity.
  const severity = str(obj(data).severity);
  const tone =
    type === 'conformance.failed' && severity !== undefined ? (SEVERITY_TONE[severity] ?? info.tone) : info.tone;
  return h('span', { class: ['event-badge', `tone-${tone}`] }, icon(info.icon), h('span', {}, info.label));
}

export function eventsTable(events, now = Date.now()) {
  return table(
    [
      { label: 'When', className: 'col-time', cell: (e) => timeAgo(e.createdAt, (iso) => ago(iso, now)) },
      { label: 'Event', className: 'col-event', cell: (e) => eventBadge(e.type, e.data) },
      {
        label: 'What happened',
        className: 'col-grow',
        cell: (e) => h('span', { class: 'event-text' }, describeEvent(e)),
      },
    ],
    events,
    { caption: 'Events, newest first', className: 'table-compact table-events' },
  );
}
