/** Polls `ready` until it holds, at most `attempts` times, `intervalMs` apart; throws naming `what` when it never does. */
export async function waitUntil(what: string, ready: () => Promise<boolean>, o: { attempts: number; intervalMs: number }): Promise<void> {
  for (let attempt = 1; attempt <= o.attempts; attempt++) {
    if (await ready()) return;
    if (attempt < o.attempts) await new Promise((resolve) => setTimeout(resolve, o.intervalMs));
  }
  throw new Error(`${what}: still not there after ${o.attempts} attempts, ${o.intervalMs} ms apart`);
}
