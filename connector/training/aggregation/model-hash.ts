import { createHash } from 'node:crypto';
import { ConnectorError } from '../../../core/index.js';

const DOMAIN = 'kontor-model-v1';

/**
 * `sha256:<hex>` over a domain tag, the shape (rank, then each dimension as uint32 little-endian) and
 * the parameters as IEEE-754 float64 little-endian. Independent of the machine's byte order. The same
 * numbers in another shape hash differently; −0 is hashed as +0 (JSON checkpoints cannot keep −0).
 */
export function modelHash(params: Float64Array, shape: readonly number[]): string {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== params.length) throw new ConnectorError('VALIDATION_FAILED', { detail: `shape [${shape.join(',')}] does not hold ${params.length} parameters` });
  const header = new DataView(new ArrayBuffer(4 * (shape.length + 1)));
  header.setUint32(0, shape.length, true);
  shape.forEach((d, i) => header.setUint32(4 * (i + 1), d, true));
  const body = new DataView(new ArrayBuffer(8 * params.length));
  params.forEach((v, i) => body.setFloat64(8 * i, v === 0 ? 0 : v, true));
  const hash = createHash('sha256').update(DOMAIN).update(new Uint8Array(header.buffer)).update(new Uint8Array(body.buffer));
  return `sha256:${hash.digest('hex')}`;
}
