/** Building the page from code: text goes in as text nodes, never as HTML, so nothing a peer sends can run. */
export type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;

function apply(el: Element, attrs: Attrs, children: Child[]): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (value === true) el.setAttribute(name, '');
    else if (value !== false && value !== undefined) el.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === 'object' ? child : String(child));
  }
}

/** An HTML element: `h('button', { type: 'button', onClick: go }, 'Go')`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  apply(el, attrs, children);
  return el;
}

/** An SVG element (for the charts). */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  apply(el, attrs, children);
  return el;
}

let nextId = 0;
/** A label and its control, tied by id (every control gets a visible label). */
export function field(label: string, control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement, hint?: string): HTMLDivElement {
  nextId += 1;
  control.id ||= `f${nextId}`;
  const wrap = h('div', { class: 'field' }, h('label', { for: control.id }, label), h('br'));
  if (hint) {
    const hintEl = h('div', { id: `${control.id}-hint`, class: 'muted' }, hint);
    control.setAttribute('aria-describedby', hintEl.id);
    wrap.append(control, hintEl);
  } else wrap.append(control);
  return wrap;
}

/** A table with a caption (for screen readers) and one row per item. */
export function table<T>(caption: string, heads: string[], items: readonly T[], row: (item: T) => Child[]): HTMLElement {
  if (items.length === 0) return h('p', { class: 'muted' }, `${caption}: none yet.`);
  return h(
    'table',
    {},
    h('caption', { class: 'muted' }, caption),
    h('thead', {}, h('tr', {}, ...heads.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, ...items.map((item) => h('tr', {}, ...row(item).map((c) => h('td', {}, c))))),
  );
}

/** A definition list of label → value. */
export function facts(pairs: [string, Child][]): HTMLDListElement {
  return h('dl', {}, ...pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

export const code = (text: string): HTMLElement => h('code', {}, text);
export const json = (value: unknown): HTMLPreElement => h('pre', {}, JSON.stringify(value, null, 2));
