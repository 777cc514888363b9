import type { RequestHandler } from 'express';

/** The optional `auth` member of a version entry, e.g. `{protocol: 'DCP', version: '1.0', profile: [...]}`. */
export interface VersionAuth {
  protocol: string;
  version: string;
  profile?: string[];
}

export interface VersionEntry {
  version: string;
  path: string;
  binding: 'HTTPS';
  serviceId?: string;
  identifierType?: string;
  auth?: VersionAuth;
}

/** The DSP version metadata (DSP 2025-1, dataspace protocol version, exposure of versions): no `@context` in 2025-1. */
export interface VersionResponse {
  protocolVersions: VersionEntry[];
}

export interface VersionOptions {
  basePath: string;
  serviceId: string;
  participantId: string;
  auth?: VersionAuth | undefined;
}

/** `did:web:…` → `did:web`; other participant id schemes are not described. */
export function identifierTypeOf(participantId: string): string | undefined {
  const match = /^did:([a-z0-9]+):/.exec(participantId);
  return match ? `did:${match[1]}` : undefined;
}

export function versionDocument(options: VersionOptions): VersionResponse {
  const entry: VersionEntry = { version: '2025-1', path: options.basePath, binding: 'HTTPS', serviceId: options.serviceId };
  const identifierType = identifierTypeOf(options.participantId);
  if (identifierType) entry.identifierType = identifierType;
  if (options.auth) entry.auth = options.auth;
  return { protocolVersions: [entry] };
}

/** `GET /.well-known/dspace-version`: unauthenticated and unversioned (DSP 2025-1, exposure of versions). */
export function versionRoute(options: VersionOptions): RequestHandler {
  const body = JSON.stringify(versionDocument(options));
  return (_req, res) => {
    res.type('application/json').send(body);
  };
}
