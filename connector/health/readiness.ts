/**
 * One readiness check. `check` resolves with undefined when fine, else with the detail of why not, for the log only
 * (it may name addresses, URLs and the driver's message); the unauthenticated answer gives just `failure`.
 */
export interface ReadinessCheck {
  name: string;
  /** The fixed reason /health/ready gives when the check fails. */
  failure: string;
  check(): Promise<string | undefined>;
}

export interface ReadinessResult {
  ready: boolean;
  checks: { name: string; ok: boolean; reason?: string; detail?: string }[];
}

/** Runs every check at once; one that throws or takes longer than `timeoutMs` fails, with that as its detail. */
export async function runReadiness(checks: readonly ReadinessCheck[], timeoutMs = 3000): Promise<ReadinessResult> {
  const results = await Promise.all(
    checks.map(async (c) => {
      const detail = await withTimeout(c.check(), timeoutMs).catch((error: unknown) => `the check failed: ${error instanceof Error ? error.message : String(error)}`);
      return detail === undefined ? { name: c.name, ok: true } : { name: c.name, ok: false, reason: c.failure, detail };
    }),
  );
  return { ready: results.every((r) => r.ok), checks: results };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
