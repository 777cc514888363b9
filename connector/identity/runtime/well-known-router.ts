import express, { type Router } from 'express';
import { projectContexts } from '../contexts/project-contexts.js';
import type { DidDocument } from '../did/did-document.js';
import { didWebLocation } from '../did/did-web-url.js';

/** A literal path as an Express 5 route (path-to-regexp 8): its reserved characters escaped. */
const literalRoute = (path: string) => path.replace(/[:*?{}()[\]+!\\]/g, '\\$&');

/**
 * Where the DID document is served: `/.well-known/did.json` always, and for a did:web with a path
 * (`did:web:host:auth`, from a `publicApi.url` like `https://host/auth`) also `<path>/did.json`, where did:web resolvers
 * look for it, and `/did.json`, which is that path once a reverse proxy strips its prefix.
 */
export function didDocumentPaths(did: string): string[] {
  const path = didWebLocation(did)?.path;
  return path === undefined || path === '/.well-known/did.json' ? ['/.well-known/did.json'] : ['/.well-known/did.json', path, '/did.json'];
}

/** The DID document (current keys) at each of `didDocumentPaths`, and `/.well-known/kontor-contexts` (our JSON-LD contexts). */
export function wellKnownRouter(didDocument: () => DidDocument): Router {
  const router = express.Router();
  for (const path of didDocumentPaths(didDocument().id)) {
    router.get(literalRoute(path), (_req, res) => void res.type('application/did+json').send(JSON.stringify(didDocument())));
  }
  router.get('/.well-known/kontor-contexts', (_req, res) => void res.json(projectContexts));
  return router;
}
