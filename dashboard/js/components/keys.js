// Keys as people compare them: kid, type and size, algorithm, use, thumbprint — and a loud mark on any key that
// carries private members (their names only: the API never returns their values).
import { h } from '../dom.js';
import { shorten } from '../format.js';
import { icon } from '../icons.js';

/** "RSA 2048", "EC P-256", "OKP Ed25519", "oct". */
export function keyType(key) {
  const kty = key.kty ?? '?';
  if (typeof key.bits === 'number' && kty === 'RSA') return `RSA ${key.bits}`;
  if (key.crv) return `${kty} ${key.crv}`;
  if (typeof key.bits === 'number') return `${kty} ${key.bits}`;
  return kty;
}

export function kidText(kid) {
  return typeof kid === 'string' && kid !== ''
    ? h('code', { class: 'kid' }, kid)
    : h('span', { class: 'muted' }, 'no kid');
}

export function thumbprintText(thumbprint) {
  if (typeof thumbprint !== 'string') return h('span', { class: 'muted' }, '—');
  return h('code', { class: 'thumb', title: thumbprint }, shorten(thumbprint, 16));
}

export function privateMark(members) {
  if (!Array.isArray(members) || members.length === 0) return null;
  return h(
    'span',
    { class: ['badge', 'sev-error', 'badge-private'] },
    icon('alert-octagon'),
    h('span', { class: 'badge-text' }, `Private key published (${members.join(', ')})`),
  );
}

/** One key on one line: kid, type, alg, thumbprint. */
export function keyLine(key) {
  return h(
    'span',
    { class: 'key-line' },
    icon('key'),
    kidText(key.kid),
    h('span', { class: 'muted' }, [keyType(key), key.alg].filter(Boolean).join(' · ')),
    thumbprintText(
      key.thumbprint ?? (typeof key.id === 'string' && !key.id.startsWith('content:') ? key.id : undefined),
    ),
    privateMark(key.privateMembers),
  );
}
