import type { Readable } from 'node:stream';
import type { DataAddress } from '../../catalog/index.js';
import { ConnectorError } from '../../core/index.js';
import { openFileSource } from './file-source.js';
import { openHttpSource } from './http-source.js';

export interface DataSource {
  stream: Readable;
  size?: number;
  contentType?: string;
}

/** Opens the asset's private data address for reading: `HttpData` (fetched and streamed) or `File` (below the data root). */
export function openDataSource(address: DataAddress, options: { fileRoot: string | undefined; signal: AbortSignal }): Promise<DataSource> {
  switch (address.type) {
    case 'HttpData':
      return openHttpSource(address, options.signal);
    case 'File':
      return openFileSource(address.path, options.fileRoot, options.signal);
    default:
      return Promise.reject(new ConnectorError('FORBIDDEN', { detail: `data address type '${address.type}' is not served by this data plane` }));
  }
}
