import { ApiError } from './api.js';
import { type Child, h } from './dom.js';

/** What a page gets: the path segments after its name, the query, and a way to stop its timers when left. */
export interface PageContext {
  params: string[];
  query: URLSearchParams;
  onLeave(stop: () => void): void;
  go(hash: string): void;
  /** Renders the page again (after an action, or while it waits for a state change). */
  refresh(): void;
  /** Refreshes after `ms` unless the page was left meanwhile. */
  refreshIn(ms: number): void;
}

export type Page = (ctx: PageContext) => Promise<Child[]>;

/** A live region for the outcome of an action; errors are announced at once (role=alert). */
export function outcome(): { el: HTMLElement; ok(text: string): void; fail(error: unknown): void; clear(): void } {
  const el = h('div', { role: 'status', 'aria-live': 'polite', class: 'outcome' });
  return {
    el,
    ok: (text) => el.replaceChildren(h('p', { class: 'ok' }, text)),
    fail: (error) => el.replaceChildren(h('p', { class: 'bad', role: 'alert' }, describe(error))),
    clear: () => el.replaceChildren(),
  };
}

export function describe(error: unknown): string {
  if (error instanceof ApiError) return `${error.problem.code ?? error.status}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Runs an action from a button, disabling it meanwhile, reporting a failure in `out`. */
export async function busy(button: HTMLButtonElement, out: ReturnType<typeof outcome>, action: () => Promise<void>): Promise<void> {
  button.disabled = true;
  out.clear();
  try {
    await action();
  } catch (error) {
    out.fail(error);
  } finally {
    button.disabled = false;
  }
}

export const link = (hash: string, text: string): HTMLAnchorElement => h('a', { href: hash }, text);
