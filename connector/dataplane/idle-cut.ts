import { Transform, type Readable } from 'node:stream';
import { ConnectorError } from '../../core/index.js';

/**
 * `source` passed through (nothing buffered), cut when no chunk arrives for `idleMs`: a backend that stops sending,
 * or sends too little to matter, does not hold a consumer's pull and a connection open for ever. `onCut` learns why
 * (to abort the request behind `source`). The timer starts at once and stops at the end or on an error; destroying
 * the output destroys `source` too.
 */
export function idleCut(source: Readable, idleMs: number, onCut: (reason: Error) => void): Readable {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const reason = new ConnectorError('PEER_UNAVAILABLE', { detail: `the data source sent nothing for ${idleMs} ms`, retryable: true });
      onCut(reason);
      out.destroy(reason);
      source.destroy();
    }, idleMs);
  };
  const out = new Transform({
    transform(chunk, _encoding, done) {
      arm();
      done(null, chunk);
    },
    flush(done) {
      clearTimeout(timer);
      done();
    },
  });
  out.on('close', () => {
    clearTimeout(timer);
    source.destroy(); // whoever gives up on the output (a consumer gone, a failed push) frees the source behind it
  });
  source.on('error', (error) => out.destroy(error));
  source.pipe(out);
  arm();
  return out;
}
