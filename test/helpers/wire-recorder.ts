import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One HTTP exchange as the receiving server saw it: the request body and the answer, as text. */
export interface WireExchange {
  url: string;
  sent: string;
  status: number;
  received: string;
}

const CHANNEL = 'http.server.request.start';

/**
 * Records the exchanges that every HTTP server of this process answers, for requests whose URL `include`s: the
 * connectors under test are in this process, so what their servers receive and answer is what went over the wire,
 * whatever client sent it. Observes without changing the streams' flow (their `emit`, `write` and `end` are watched).
 */
export function recordWire(include: (url: string) => boolean): { exchanges: WireExchange[]; stop(): void } {
  const exchanges: WireExchange[] = [];
  const onStart = (message: unknown) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    const url = `http://${request.headers.host ?? ''}${request.url ?? ''}`;
    if (!include(url)) return;
    const sent: Buffer[] = [];
    const received: Buffer[] = [];
    const emit = request.emit.bind(request);
    request.emit = ((event: string, ...args: unknown[]) => {
      if (event === 'data') sent.push(Buffer.from(args[0] as Buffer));
      return emit(event, ...args);
    }) as typeof request.emit;
    const keep = (chunk: unknown) => {
      if (typeof chunk === 'string' || chunk instanceof Uint8Array) received.push(Buffer.from(chunk as string));
    };
    const write = response.write.bind(response);
    const end = response.end.bind(response);
    response.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk);
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof response.write;
    response.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (typeof chunk !== 'function') keep(chunk);
      return (end as (...a: unknown[]) => ServerResponse)(chunk, ...rest);
    }) as typeof response.end;
    response.once('finish', () =>
      exchanges.push({ url, sent: Buffer.concat(sent).toString('utf8'), status: response.statusCode, received: Buffer.concat(received).toString('utf8') }),
    );
  };
  subscribe(CHANNEL, onStart);
  return { exchanges, stop: () => unsubscribe(CHANNEL, onStart) };
}
