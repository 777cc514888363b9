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
  /** A success status other than 200 from a passed-through request. */
  status?: number;
}

export interface DataSourceOptions {
  fileRoot: string | undefined;
  signal: AbortSignal;
  backendAuth: BackendAuth;
  /** The consumer's pull request (HttpData proxy* switches); absent for a push. */
  request?: ConsumerRequest;
}

/** Opens the asset's private data address for reading: `HttpData` (fetched and streamed) or `File` (below the data root). */
export function openDataSource(address: DataAddress, options: DataSourceOptions): Promise<DataSource> {
  switch (address.type) {
    case 'HttpData':
      return openHttpSource(address, { signal: options.signal, auth: options.backendAuth, ...(options.request ? { request: options.request } : {}) });
    case 'File':
      if (options.request && (options.request.method !== 'GET' || options.request.subPath.length > 0 || options.request.query !== '' || (options.request.body?.length ?? 0) > 0)) {
        return Promise.reject(new ConnectorError('VALIDATION_FAILED', { detail: 'a File asset is read with a plain GET (no sub-path, query or body)' }));
      }
      return openFileSource(address.path, options.fileRoot, options.signal);
    default:
      return Promise.reject(new ConnectorError('FORBIDDEN', { detail: `data address type '${address.type}' is not served by this data plane` }));
  }
}
