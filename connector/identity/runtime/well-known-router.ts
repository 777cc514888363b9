import express, { type Router } from 'express';
import { projectContexts } from '../contexts/project-contexts.js';
import type { DidDocument } from '../did/did-document.js';

/** `/.well-known/did.json` (the did:web document, current keys) and `/.well-known/kontor-contexts` (our JSON-LD contexts). */
export function wellKnownRouter(didDocument: () => DidDocument): Router {
  const router = express.Router();
  router.get('/.well-known/did.json', (_req, res) => void res.type('application/did+json').send(JSON.stringify(didDocument())));
  router.get('/.well-known/kontor-contexts', (_req, res) => void res.json(projectContexts));
  return router;
}
