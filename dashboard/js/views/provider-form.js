// Add or edit a provider. The server validates (one schema for the API and the providers file); its 400 answer
// names each field at fault (details.fields[{field: 'body.url', problem}]) and the problem is shown under that field.
import { api, ApiError } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { icon } from '../icons.js';
import { confirmDialog, describeError, emptyState, errorBox, loading, toast } from '../ui.js';

const PROFILES = [
  { value: '', label: 'Automatic (by the kind of URL)' },
  { value: 'core', label: 'core — RFC 7517 / 7518 essentials' },
  { value: 'oidc', label: 'oidc — OpenID Connect Discovery' },
  { value: 'fapi1', label: 'fapi1 — FAPI 1.0 Advanced' },
  { value: 'fapi2', label: 'fapi2 — FAPI 2.0 Security Profile' },
  { value: 'shc', label: 'shc — SMART Health Cards' },
];

/** Form fields: name → how to read it and how to fill it. */
const FIELDS = [
  {
    name: 'name',
    label: 'Name',
    type: 'text',
    required: true,
    hint: 'How the provider is listed and named in alerts.',
    maxlength: 200,
  },
  {
    name: 'url',
    label: 'URL',
    type: 'url',
    required: true,
    hint: 'An issuer, an OpenID discovery URL or a JWKS URL.',
    maxlength: 2048,
    placeholder: 'https://login.example.com',
  },
  {
    name: 'intervalSeconds',
    label: 'Check every (seconds)',
    type: 'number',
    min: 10,
    hint: 'Default 300; at least 10.',
    placeholder: '300',
    optional: true,
  },
  {
    name: 'profile',
    label: 'Profile',
    type: 'select',
    options: PROFILES,
    hint: 'Which rules apply and how strictly. Automatic: oidc for issuers and discovery URLs, core for JWKS URLs.',
  },
  {
    name: 'minKeys',
    label: 'Minimum keys',
    type: 'number',
    min: 0,
    hint: 'Alert when fewer keys are published.',
    optional: true,
    nullable: true,
  },
  {
    name: 'maxKeys',
    label: 'Maximum keys',
    type: 'number',
    min: 0,
    hint: 'Alert when more keys are published.',
    optional: true,
    nullable: true,
  },
  {
    name: 'tokenLifetimeSeconds',
    label: 'Token lifetime (seconds)',
    type: 'number',
    min: 1,
    hint: 'How long issued tokens live; judges how fast keys may rotate. Default 3600.',
    optional: true,
    nullable: true,
  },
  {
    name: 'clientCacheSeconds',
    label: 'Client key cache (seconds)',
    type: 'number',
    min: 0,
    hint: 'How long clients cache the JWKS. Default 600.',
    optional: true,
    nullable: true,
  },
  {
    name: 'tags',
    label: 'Tags',
    type: 'text',
    hint: 'Comma-separated, e.g. prod, eu. Letters, digits and . _ : / -',
    optional: true,
  },
  {
    name: 'enabled',
    label: 'Poll this provider',
    type: 'checkbox',
    hint: 'Unchecked: kept with its history, but not polled.',
  },
];

export function mountProviderForm(ctx, id) {
  const editing = id !== undefined;
  ctx.setTitle(editing ? 'Edit provider' : 'Add provider');
  replace(ctx.root, loading());
  if (!editing) {
    render(undefined);
    return undefined;
  }
  api
    .get(`/providers/${id}`)
    .then((provider) => {
      if (!ctx.isCurrent()) return;
      ctx.setTitle(`Edit ${provider.name}`);
      render(provider);
    })
    .catch((error) => {
      if (!ctx.isCurrent()) return;
      replace(
        ctx.root,
        error instanceof ApiError && error.status === 404
          ? emptyState(
              'Provider not found',
              `There is no provider ${id}.`,
              h('a', { class: 'btn', href: '#/' }, 'Back to the providers'),
            )
          : errorBox(error, () => mountProviderForm(ctx, id)),
      );
    });
  return undefined;

  function render(provider) {
    const readOnly = provider?.source === 'file';
    const controls = new Map();
    const errors = new Map();
    const summary = h('div', { class: 'form-summary', role: 'alert', tabindex: -1, hidden: true });

    const fieldNodes = FIELDS.map((field) => {
      const inputId = uid(`f-${field.name}`);
      const hintId = `${inputId}-hint`;
      const errorId = `${inputId}-error`;
      const error = h('p', { id: errorId, class: 'field-error', hidden: true });
      errors.set(field.name, error);
      const value = provider?.[field.name];
      let control;
      if (field.type === 'select') {
        control = h(
          'select',
          { id: inputId, name: field.name, 'aria-describedby': hintId },
          field.options.map((o) => h('option', { value: o.value, selected: (value ?? '') === o.value }, o.label)),
        );
      } else if (field.type === 'checkbox') {
        control = h('input', {
          id: inputId,
          name: field.name,
          type: 'checkbox',
          checked: provider ? provider.enabled : true,
          'aria-describedby': hintId,
        });
      } else {
        control = h('input', {
          id: inputId,
          name: field.name,
          type: field.type === 'number' ? 'number' : field.type === 'url' ? 'url' : 'text',
          inputmode: field.type === 'number' ? 'numeric' : undefined,
          min: field.min,
          step: field.type === 'number' ? 1 : undefined,
          maxlength: field.maxlength,
          placeholder: field.placeholder,
          required: field.required,
          autocomplete: 'off',
          spellcheck: field.type === 'text' && field.name !== 'tags' ? undefined : 'false',
          value: field.name === 'tags' ? (value ?? []).join(', ') : (value ?? ''),
          'aria-describedby': hintId,
        });
      }
      if (readOnly) control.disabled = true;
      controls.set(field.name, control);
      const label = h(
        'label',
        { for: inputId },
        field.label,
        field.required
          ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *')
          : field.optional
            ? h('span', { class: 'optional' }, ' (optional)')
            : null,
      );
      return h(
        'div',
        { class: ['form-field', field.type === 'checkbox' && 'form-field-check', `field-${field.name}`] },
        field.type === 'checkbox' ? [control, label] : [label, control],
        h('p', { id: hintId, class: 'hint' }, field.hint),
        error,
      );
    });

    const submit = h(
      'button',
      { type: 'submit', class: 'btn btn-primary', disabled: readOnly },
      editing ? 'Save changes' : 'Add provider',
    );
    const form = h(
      'form',
      { class: 'form card', novalidate: true, onSubmit: (e) => void save(e) },
      summary,
      h('fieldset', { class: 'form-group' }, h('legend', {}, 'What to watch'), fieldNodes.slice(0, 2)),
      h(
        'fieldset',
        { class: 'form-group' },
        h('legend', {}, 'How to judge it'),
        h('div', { class: 'form-grid' }, fieldNodes.slice(2, 8)),
      ),
      h('fieldset', { class: 'form-group' }, h('legend', {}, 'Organise'), fieldNodes.slice(8)),
      h(
        'div',
        { class: 'form-actions' },
        submit,
        h('a', { class: 'btn', href: editing ? `#/providers/${id}` : '#/' }, 'Cancel'),
        editing && !readOnly
          ? h(
              'button',
              { type: 'button', class: 'btn btn-danger-ghost form-delete', onClick: () => void remove(provider) },
              icon('trash'),
              'Delete provider',
            )
          : null,
      ),
    );

    replace(
      ctx.root,
      h(
        'nav',
        { class: 'breadcrumb', 'aria-label': 'Breadcrumb' },
        h('a', { href: '#/' }, 'Providers'),
        h('span', { 'aria-hidden': 'true' }, '/'),
        editing
          ? [h('a', { href: `#/providers/${id}` }, provider.name), h('span', { 'aria-hidden': 'true' }, '/')]
          : null,
        h('span', { 'aria-current': 'page' }, editing ? 'Edit' : 'Add provider'),
      ),
      h(
        'div',
        { class: 'page-header' },
        h(
          'div',
          {},
          h('h1', { tabindex: -1 }, editing ? `Edit ${provider.name}` : 'Add a provider'),
          h(
            'p',
            { class: 'page-lede' },
            editing ? 'Changes apply from the next poll.' : 'The first check runs as soon as the provider is saved.',
          ),
        ),
      ),
      readOnly
        ? h(
            'div',
            { class: 'alert alert-info' },
            icon('lock'),
            h('span', {}, 'This provider is declared in PROVIDERS_FILE: change it there.'),
          )
        : null,
      form,
    );
    ctx.focusHeading();

    function clearErrors() {
      summary.hidden = true;
      replace(summary);
      for (const [name, error] of errors) {
        error.hidden = true;
        error.textContent = '';
        const control = controls.get(name);
        control.removeAttribute('aria-invalid');
        control.setAttribute('aria-describedby', `${control.id}-hint`);
      }
    }

    function showErrors(fields, message) {
      const unplaced = [];
      let first;
      for (const { field, problem } of fields) {
        // "body.minKeys" → minKeys; "body.tags.0" → tags; "body.silencedRules.0.ruleId" has no field here.
        const name = field.replace(/^body\.?/, '').split('.')[0];
        const error = errors.get(name);
        const control = controls.get(name);
        if (error === undefined || control === undefined) {
          unplaced.push(`${field} ${problem}`);
          continue;
        }
        const label = FIELDS.find((f) => f.name === name)?.label ?? name;
        error.textContent = error.textContent ? `${error.textContent}; ${problem}` : `${label} ${problem}.`;
        error.hidden = false;
        control.setAttribute('aria-invalid', 'true');
        control.setAttribute('aria-describedby', `${control.id}-error ${control.id}-hint`);
        first ??= control;
      }
      const count = fields.length - unplaced.length;
      replace(
        summary,
        icon('alert-octagon'),
        h(
          'div',
          {},
          h(
            'p',
            { class: 'alert-title' },
            count > 0
              ? `Please fix ${count === 1 ? 'the field' : `${count} fields`} below.`
              : 'The service refused the provider.',
          ),
          unplaced.length > 0
            ? h(
                'ul',
                {},
                unplaced.map((u) => h('li', {}, u)),
              )
            : fields.length === 0
              ? h('p', {}, message)
              : null,
        ),
      );
      summary.hidden = false;
      if (first) first.focus();
      else summary.focus();
    }

    function collect() {
      const body = {};
      for (const field of FIELDS) {
        const control = controls.get(field.name);
        if (field.type === 'checkbox') {
          body[field.name] = control.checked;
          continue;
        }
        const raw = control.value.trim();
        if (field.name === 'tags') {
          const tags =
            raw === ''
              ? []
              : [
                  ...new Set(
                    raw
                      .split(',')
                      .map((t) => t.trim())
                      .filter((t) => t !== ''),
                  ),
                ];
          if (editing || tags.length > 0) body.tags = tags;
          continue;
        }
        if (raw === '') {
          // Empty: leave the server's default on create; clear an optional number on edit.
          if (editing && field.nullable) body[field.name] = null;
          if (field.required) body[field.name] = '';
          continue;
        }
        // Numbers go as numbers when they are numbers, as typed otherwise: the server names the field at fault.
        body[field.name] = field.type === 'number' && /^-?\d+$/.test(raw) ? Number(raw) : raw;
      }
      if (body.profile === undefined && editing) delete body.profile;
      return body;
    }

    async function save(event) {
      event.preventDefault();
      if (readOnly || submit.disabled) return;
      clearErrors();
      submit.disabled = true;
      submit.setAttribute('aria-busy', 'true');
      try {
        const saved = editing
          ? await api.patch(`/providers/${id}`, collect())
          : await api.post('/providers', collect());
        toast(editing ? `${saved.name} saved` : `${saved.name} added; the first check is running`, 'success');
        ctx.navigate(`/providers/${saved.id}`);
      } catch (error) {
        if (!ctx.isCurrent()) return;
        if (error instanceof ApiError && error.status === 409) {
          showErrors([{ field: 'body.name', problem: 'is already used by another provider' }], error.message);
        } else if (error instanceof ApiError && error.status < 500) {
          showErrors(error.fields, error.message);
        } else {
          showErrors([], describeError(error));
        }
      } finally {
        submit.disabled = false;
        submit.removeAttribute('aria-busy');
      }
    }
  }

  async function remove(provider) {
    const ok = await confirmDialog({
      title: `Delete ${provider.name}?`,
      body: 'Its history, keys and findings are deleted with it; its events stay. This cannot be undone.',
      confirmLabel: 'Delete provider',
      danger: true,
    });
    if (!ok) return;
    try {
      await api.delete(`/providers/${provider.id}`);
      toast(`${provider.name} deleted`, 'success');
      ctx.navigate('/');
    } catch (error) {
      toast(`Could not delete: ${describeError(error)}`, 'error');
    }
  }
}
