import { Transform, type TransformCallback } from 'node:stream';
import { ConnectorError } from '../../core/index.js';

/**
 * A pass-through for a push body (nothing buffered beyond the stream's own high-water mark) that bounds how long the
 * push waits on its destination: while the body waits for the destination to take data (its buffers are full: it
 * stopped reading, or never connected), and from the end of the body until `stop()` (the caller stops it once the
 * answer came). A slow source does not count: the source has its own bound (dataPlane.sourceTimeoutMs). When the
 * bound runs out, `onStall` learns why (to destroy the request, which fails the push retryably).
 */
export class PushStallGuard extends Transform {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly ms: number,
    private readonly onStall: (reason: ConnectorError) => void,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (!this.push(chunk)) this.arm(`the push destination took no data for ${this.ms} ms (it stopped reading or never connected)`);
    done();
  }

  /** The destination asks for more: it is taking data again. */
  override _read(size: number): void {
    this.disarm();
    super._read(size);
  }

  override _flush(done: TransformCallback): void {
    this.arm(`the push destination did not take the rest of the body and answer within ${this.ms} ms of its end`);
    done();
  }

  /** Ends the bound for good (the answer came, or the push failed). */
  stop(): void {
    this.stopped = true;
    this.disarm();
  }

  private arm(detail: string): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped) this.onStall(new ConnectorError('PEER_UNAVAILABLE', { detail, retryable: true }));
    }, this.ms);
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
