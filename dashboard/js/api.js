// The public /api/v1 API, and nothing else. When it answers 401 the page asks for the token once, keeps it in
// sessionStorage (this tab, this browser session) and replays the request; requests that fail at the same moment
// share the one prompt.
import { h, uid } from './dom.js';

const BASE = '/api/v1';
const TOKEN_KEY = 'jwks-monitor.api-token';
/** Wrong tokens accepted in a row before a request gives up with its 401. */
const MAX_TOKEN_ATTEMPTS = 5;

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
          : 'This service is protected by API_TOKEN. The token is kept for this browser session only.',
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

/** fetch → parsed JSON (undefined for 204); ApiError for any non-2xx answer. */
export async function request(method, path, body) {
  let refused = false;
  for (let attempt = 0; ; attempt++) {
    const token = currentToken();
    const headers = { accept: 'application/json' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
    });
    if (response.status === 401 && attempt < MAX_TOKEN_ATTEMPTS) {
      // Another request may have been answered by a prompt meanwhile: retry with that token before asking.
      if (currentToken() === token) {
        await askForToken(refused || token !== null);
        refused = true;
      }
      continue;
    }
    const text = await response.text();
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

export const api = {
  get: (path) => request('GET', path),
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
