import type { Violation } from '../../core/index.js';

/**
 * publicApi.port 0 (a free port picked at start) without publicApi.url: the default URL is built from the configured
 * port before anything listens, so it would say `http://127.0.0.1:0`, and so would the participant id derived from it
 * (did:web:127.0.0.1%3A0), the DSP callback address peers are given and what `kontor health` asks. None of them can
 * be reached. A participantId alone does not help: peers still call back on the URL. Refused, unless publicApi.url
 * says where peers reach the listener.
 */
export function publicPortProblem(port: number | undefined, url: string | undefined): Violation | undefined {
  if (port !== 0 || url !== undefined) return undefined;
  return {
    pointer: 'publicApi.port',
    message:
      'is 0 (a free port picked at start) without publicApi.url: the default URL http://127.0.0.1:<publicApi.port>, the participant id (did:web) derived from it and the callback address peers are given would all name port 0, which nobody can reach; give a fixed port, or set publicApi.url (KONTOR_PUBLIC_URL) to the address peers use',
  };
}
