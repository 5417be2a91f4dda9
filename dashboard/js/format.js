// Times, durations and counts as people read them. Absolute times are local; relative ones are against the
// browser's clock.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const numberFormat = new Intl.NumberFormat();
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const shortFormat = new Intl.DateTimeFormat(undefined, {
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

export function toTime(iso) {
  if (iso === null || iso === undefined) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

export function count(n) {
  return typeof n === 'number' ? numberFormat.format(n) : '—';
}

export function plural(n, one, many = `${one}s`) {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "12 s", "4 min", "3 h", "5 d": a span of time, rounded down to its largest unit. */
export function span(ms) {
  const abs = Math.abs(ms);
  if (abs < MINUTE) return `${Math.max(0, Math.floor(abs / SECOND))} s`;
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < DAY) return `${Math.floor(abs / HOUR)} h`;
  return `${Math.floor(abs / DAY)} d`;
}

/** "3 min ago", "in 2 h", "just now"; "never" for no time. */
export function ago(iso, now = Date.now()) {
  const ms = toTime(iso);
  if (ms === undefined) return 'never';
  const delta = now - ms;
  if (Math.abs(delta) < 5 * SECOND) return 'just now';
  return delta >= 0 ? `${span(delta)} ago` : `in ${span(delta)}`;
}

export function dateTime(iso) {
  const ms = toTime(iso);
  return ms === undefined ? '—' : dateTimeFormat.format(ms);
}

export function date(iso) {
  const ms = toTime(iso);
  return ms === undefined ? '—' : dateFormat.format(ms);
}

export function shortDateTime(iso) {
  const ms = toTime(iso);
  return ms === undefined ? '—' : shortFormat.format(ms);
}

export function clock(ms) {
  return timeFormat.format(ms);
}

/** Milliseconds as "85 ms" or "1.4 s". */
export function latency(ms) {
  if (typeof ms !== 'number') return '—';
  return ms < SECOND ? `${Math.round(ms)} ms` : `${(ms / SECOND).toFixed(1)} s`;
}

/** Seconds as "5 min", "1 h", "90 s". */
export function seconds(n) {
  if (typeof n !== 'number') return '—';
  if (n % 3600 === 0) return `${n / 3600} h`;
  if (n % 60 === 0) return `${n / 60} min`;
  return `${n} s`;
}

/** The first characters of a long identifier (thumbprint, hash), the whole of it left for the title. */
export function shorten(text, length = 12) {
  if (typeof text !== 'string') return '—';
  return text.length > length + 1 ? `${text.slice(0, length)}…` : text;
}
