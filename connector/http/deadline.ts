/** An outbound call that broke a bound: no complete answer in time, or an answer larger than allowed. */
export class OutboundLimitError extends Error {
  constructor(
    readonly limit: 'timeout' | 'size',
    message: string,
  ) {
    super(message);
    this.name = limit === 'timeout' ? 'TimeoutError' : 'ResponseTooLargeError';
  }
}

/**
 * Runs `work` with a signal that aborts after `ms`, and rejects at that moment even if `work` ignores the signal.
 * The timer is a plain one we hold and clear: unlike `AbortSignal.timeout` on Node 20, whose timer nothing keeps
 * alive, it cannot be collected before it fires, so the bound holds however the call is awaited.
 */
export async function withDeadline<T>(ms: number, work: (signal: AbortSignal) => Promise<T>, what = 'the call'): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = new OutboundLimitError('timeout', `${what} got no complete answer within ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  const running = work(controller.signal);
  running.catch(() => undefined); // after the deadline its rejection (the abort) has nobody to tell
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}
