import type { PageContext } from './page.js';

/** How often a page showing something under way reads it again (never faster: a refresh costs the operator a moment). */
export const POLL_MS = 3000;

/** True while the operator is at a form field of the page: one has focus, or `typed()` says something was entered. */
export function editing(root: ParentNode, typed: () => boolean): boolean {
  const active = document.activeElement;
  return typed() || (active?.matches('input, textarea, select') === true && root.contains(active));
}

/**
 * Calls `tick` every `ms` while `wanted()` holds (asked again at each turn), skipping a turn while `paused()` (so a
 * refresh never takes what the operator is typing); stops when the page is left. `kick()` starts it again after it stopped (an action changed the state).
 */
export function poll(ctx: PageContext, ms: number, tick: () => Promise<void>, when: { wanted(): boolean; paused(): boolean }): { kick(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let left = false;
  const turn = async () => {
    timer = undefined;
    if (when.wanted() && !when.paused()) await tick(); // an action may have ended it meanwhile
    schedule();
  };
  const schedule = () => {
    if (!left && timer === undefined && when.wanted()) timer = setTimeout(() => void turn(), ms);
  };
  ctx.onLeave(() => {
    left = true;
    clearTimeout(timer);
  });
  schedule();
  return { kick: schedule };
}
