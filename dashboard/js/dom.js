// DOM building without HTML strings. Every value the page shows comes from monitored documents or user input, so
// text always goes in as text nodes and attributes through setAttribute: nothing is ever parsed as markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * h('a', { href, class: 'x', onClick }, 'text', child, [more]) → element.
 * Props: `class`, `dataset`, `on<Event>` listeners, booleans (true → empty attribute, false/null → absent),
 * anything else via setAttribute. Children: nodes, strings and numbers (as text), arrays, null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  return build(document.createElement(tag), props, children);
}

/** The same for SVG elements. */
export function s(tag, props = {}, ...children) {
  return build(document.createElementNS(SVG_NS, tag), props, children);
}

function build(el, props, children) {
  // Children first, so that a <select>'s value can pick one of its options.
  append(el, children);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.setAttribute('class', Array.isArray(value) ? value.filter(Boolean).join(' ') : value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function')
      el.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === 'value' && 'value' in el) el.value = String(value);
    else if (key === 'checked' && 'checked' in el) el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/** Replaces the element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A link target only for http(s) URLs: a document may publish `javascript:` where a URL belongs. */
export function safeHref(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** An external link when the URL is http(s), plain text otherwise. */
export function urlText(url, props = {}) {
  const href = safeHref(url);
  if (href === undefined) return h('span', { class: ['url', props.class] }, url);
  return h('a', { ...props, class: ['url', props.class], href, rel: 'noreferrer noopener', target: '_blank' }, url);
}

let idCounter = 0;
/** A unique id for label/for and aria-describedby pairs. */
export function uid(prefix = 'id') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
