// The dashboard's shell: a hash router (#/, #/providers/:id, #/providers/new, #/providers/:id/edit, #/webhooks,
// #/webhooks/:id) mounting one view at a time into <main>. A view may return a cleanup function (timers) that runs
// when the user navigates away.
import { h, replace } from './dom.js';
import { TOKEN_EVENT, forgetToken, storedToken } from './api.js';
import { icon } from './icons.js';
import { mountOverview } from './views/overview.js';
import { mountProvider } from './views/provider.js';
import { mountProviderForm } from './views/provider-form.js';
import { mountWebhooks } from './views/webhooks.js';

const ROUTES = [
  { pattern: /^\/?$/, nav: 'overview', mount: (ctx) => mountOverview(ctx) },
  { pattern: /^\/providers\/new$/, nav: 'overview', mount: (ctx) => mountProviderForm(ctx) },
  { pattern: /^\/providers\/(\d+)$/, nav: 'overview', mount: (ctx, [id]) => mountProvider(ctx, Number(id)) },
  { pattern: /^\/providers\/(\d+)\/edit$/, nav: 'overview', mount: (ctx, [id]) => mountProviderForm(ctx, Number(id)) },
  { pattern: /^\/webhooks$/, nav: 'webhooks', mount: (ctx) => mountWebhooks(ctx) },
  { pattern: /^\/webhooks\/(\d+)$/, nav: 'webhooks', mount: (ctx, [id]) => mountWebhooks(ctx, Number(id)) },
];

let cleanup = null;
let generation = 0;

/** "#/webhooks/3?x=1" → { path: '/webhooks/3', query: URLSearchParams } */
function parseHash() {
  const raw = location.hash.replace(/^#/, '');
  const [path, search = ''] = raw.split('?', 2);
  return { path: path === '' ? '/' : path, query: new URLSearchParams(search) };
}

export function navigate(path, { replaceState = false } = {}) {
  const target = `#${path}`;
  if (location.hash === target) {
    void route({ focus: false });
    return;
  }
  if (replaceState) {
    history.replaceState(null, '', target);
    void route({ focus: false });
  } else {
    location.hash = target;
  }
}

async function route({ focus = true } = {}) {
  const { path, query } = parseHash();
  const main = document.getElementById('main');
  if (typeof cleanup === 'function') cleanup();
  cleanup = null;
  generation += 1;
  const mine = generation;
  const match = ROUTES.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m !== null);
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (match && link.getAttribute('data-nav') === match.r.nav) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  replace(main);
  if (match === undefined) {
    document.title = 'Not found · jwks-monitor';
    main.append(
      h('div', { class: 'page-header' }, h('h1', { tabindex: -1 }, 'Page not found')),
      h('p', {}, 'Nothing lives at this address. ', h('a', { href: '#/' }, 'Back to the providers')),
    );
    return;
  }
  let focusPending = focus;
  const ctx = {
    root: main,
    /** Moves focus to the page's heading once, after a navigation (views that render it later call this). */
    focusHeading: () => {
      if (!focusPending || mine !== generation) return;
      const heading = main.querySelector('h1');
      if (heading instanceof HTMLElement) {
        heading.focus({ preventScroll: true });
        focusPending = false;
      }
    },
    query,
    navigate,
    /** False once the user has moved on: async work of an old view must not touch the page. */
    isCurrent: () => mine === generation,
    setTitle: (title) => {
      document.title = `${title} · jwks-monitor`;
    },
  };
  const result = await match.r.mount(ctx, match.m.slice(1));
  if (mine !== generation) {
    if (typeof result === 'function') result();
    return;
  }
  cleanup = result ?? null;
  renderSession();
  ctx.focusHeading();
}

/** "Lock" clears the kept token: shown only when the page holds one. */
function renderSession() {
  const slot = document.getElementById('session');
  if (slot === null) return;
  if (storedToken() === null) {
    replace(slot);
    return;
  }
  replace(
    slot,
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-ghost btn-sm',
        title: 'Forget the API token kept in this tab',
        onClick: () => {
          forgetToken();
          location.reload();
        },
      },
      icon('lock'),
      'Lock',
    ),
  );
}

window.addEventListener('hashchange', () => void route());
// The first prompt is answered while a view is still loading: offer "Lock" then, not at the next navigation.
window.addEventListener(TOKEN_EVENT, renderSession);
if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', () => void route({ focus: false }));
else void route({ focus: false });
