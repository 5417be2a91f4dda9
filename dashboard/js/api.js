// The public /api/v1 API, and nothing else. When it answers 401 the page asks for the token once, keeps it in
// sessionStorage (this tab only, until it is closed) and replays the request; requests that fail at the same moment
// share the one prompt. Every request gives up after REQUEST_TIMEOUT_MS: a hung proxy must not freeze a page.
import { h, uid } from './dom.js';

const BASE = '/api/v1';
const TOKEN_KEY = 'jwks-monitor.api-token';
/** Wrong tokens accepted in a row before a request gives up with its 401. */
const MAX_TOKEN_ATTEMPTS = 5;
/** One answer, headers and body, may take this long; the time spent in the token prompt does not count. */
export const REQUEST_TIMEOUT_MS = 20_000;
/** Dispatched on window when a token is entered, so the page can offer "Lock" at once. */
export const TOKEN_EVENT = 'jwks-monitor:token';

export class ApiError extends Error {
  constructor(status, body) {
    const message = body && typeof body.message === 'string' ? body.message : `HTTP ${status}`;
    super(message);
    this.status = status;
    this.code = body && typeof body.code === 'string' ? body.code : 'HTTP_' + status;
    const fields = body && body.details && Array.isArray(body.details.fields) ? body.details.fields : [];
    /** [{field: 'body.url', problem}] from a 400 VALIDATION_FAILED. */
    this.fields = fields.filter((f) => f && typeof f.field === 'string' && typeof f.problem === 'string');
  }
}

export function storedToken() {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function forgetToken() {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // storage disabled: nothing was kept
  }
}

function keepToken(token) {
  try {
    sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    memoryToken = token;
  }
  window.dispatchEvent(new Event(TOKEN_EVENT));
}

/** Used when sessionStorage is unavailable (some private modes). */
let memoryToken = null;
let prompt = null;

function currentToken() {
  return storedToken() ?? memoryToken;
}

/** One prompt at a time; resolves once a token is entered. */
function askForToken(refused) {
  prompt ??= showTokenDialog(refused).finally(() => {
    prompt = null;
  });
  return prompt;
}

function showTokenDialog(refused) {
  return new Promise((resolve) => {
    const inputId = uid('token');
    const hintId = uid('token-hint');
    const titleId = uid('token-title');
    const input = h('input', {
      id: inputId,
      name: 'token',
      type: 'password',
      required: true,
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': hintId,
    });
    const form = h(
      'form',
      { method: 'dialog', class: 'dialog-body' },
      h('h2', { id: titleId, class: 'dialog-title' }, 'API token required'),
      h(
        'p',
        { id: hintId, class: refused ? 'field-error' : 'muted' },
        refused
          ? 'The service refused that token. Enter the value of API_TOKEN.'
          : 'This service is protected by API_TOKEN. The token is kept in this tab only, until it is closed.',
      ),
      h('label', { for: inputId }, 'API token'),
      input,
      h('div', { class: 'dialog-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Unlock')),
    );
    const dialog = h('dialog', { class: 'dialog', 'aria-labelledby': titleId }, form);
    // Escape must not leave the page without a token and nothing on screen.
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const token = input.value.trim();
      if (token === '') return;
      keepToken(token);
      dialog.close();
      dialog.remove();
      resolve();
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
}

/** True for the error of a request its caller aborted (a newer request replaced it). */
export function isAborted(error) {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * fetch → parsed JSON (undefined for 204); ApiError for any non-2xx answer, and REQUEST_TIMEOUT when the service
 * does not answer in time. `signal` lets the caller abort (the promise then rejects with an AbortError).
 */
export async function request(method, path, body, { signal } = {}) {
  let refused = false;
  for (let attempt = 0; ; attempt++) {
    signal?.throwIfAborted();
    const token = currentToken();
    const headers = { accept: 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const { response, text } = await send(
      BASE + path,
      {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
        cache: 'no-store',
      },
      signal,
    );
    if (response.status === 401 && attempt < MAX_TOKEN_ATTEMPTS) {
      // Another request may have been answered by a prompt meanwhile: retry with that token before asking.
      if (currentToken() === token) {
        await askForToken(refused || token !== null);
        refused = true;
      }
      continue;
    }
    let parsed;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw new ApiError(response.status, parsed);
    return parsed;
  }
}

/** One fetch, body included, bounded by REQUEST_TIMEOUT_MS (a page timer, not AbortSignal.timeout: tests fake it). */
async function send(url, init, signal) {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, REQUEST_TIMEOUT_MS);
  const forward = () => controller.abort();
  signal?.addEventListener('abort', forward, { once: true });
  try {
    const response = await fetch(url, { ...init, signal: controller.signal });
    return { response, text: await response.text() };
  } catch (error) {
    if (timedOut) {
      throw new ApiError(0, {
        code: 'REQUEST_TIMEOUT',
        message: `The service did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`,
      });
    }
    throw error;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', forward);
  }
}

export const api = {
  get: (path, options) => request('GET', path, undefined, options),
  post: (path, body) => request('POST', path, body),
  patch: (path, body) => request('PATCH', path, body),
  delete: (path) => request('DELETE', path),
};

/** `?a=1&b=x` from an object, skipping empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
