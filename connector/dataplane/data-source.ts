import type { Readable } from 'node:stream';
import type { DataAddress } from '../../catalog/index.js';
import { ConnectorError } from '../../core/index.js';
import { openFileSource } from './file-source.js';
import { openHttpSource } from './http-source.js';
import type { BackendAuth } from './httpdata/backend-auth.js';
import type { ConsumerRequest } from './httpdata/backend-request.js';

export interface DataSource {
  stream: Readable;
  size?: number;
  contentType?: string;
  /** A success status other than 200 (206 for a byte range, or from a passed-through request). */
  status?: number;
  /** Response headers that describe the body (`Content-Range`, `Accept-Ranges`). */
  headers?: Record<string, string>;
}

export interface DataSourceOptions {
  fileRoot: string | undefined;
  /** An HttpData backend's longest wait for its answer and between two chunks of its body (dataPlane.sourceTimeoutMs). */
  sourceTimeoutMs: number;
  signal: AbortSignal;
  backendAuth: BackendAuth;
  /** The consumer's pull request (HttpData proxy* switches); absent for a push. */
  request?: ConsumerRequest;
}

/** The methods a File asset answers; an HttpData asset's depend on its proxyMethod switch (see allowedMethods). */
export const FILE_METHODS: readonly string[] = ['GET', 'HEAD'];

/** Opens the asset's private data address for reading: `HttpData` (fetched and streamed) or `File` (below the data root). */
export function openDataSource(address: DataAddress, options: DataSourceOptions): Promise<DataSource> {
  switch (address.type) {
    case 'HttpData':
      return openHttpSource(address, {
        signal: options.signal,
        timeoutMs: options.sourceTimeoutMs,
        auth: options.backendAuth,
        ...(options.request ? { request: options.request } : {}),
      });
    case 'File': {
      const req = options.request;
      if (req && !FILE_METHODS.includes(req.method.toUpperCase())) {
        return Promise.reject(new ConnectorError('METHOD_NOT_ALLOWED', { detail: `a File asset is read with ${FILE_METHODS.join(' or ')}` }));
      }
      if (req && (req.subPath.length > 0 || req.query !== '' || (req.body?.length ?? 0) > 0)) {
        return Promise.reject(new ConnectorError('VALIDATION_FAILED', { detail: 'a File asset is read with a plain GET (no sub-path, query or body)' }));
      }
      // Range applies to GET only (RFC 9110 §14.2): a HEAD describes the whole file.
      const range = req?.method.toUpperCase() === 'GET' ? { range: req.range, ifRange: req.ifRange } : {};
      return openFileSource(address.path, options.fileRoot, options.signal, range);
    }
    default:
      return Promise.reject(new ConnectorError('FORBIDDEN', { detail: `data address type '${address.type}' is not served by this data plane` }));
  }
}
