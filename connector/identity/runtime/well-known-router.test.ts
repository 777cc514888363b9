import express from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { DidDocument } from '../did/did-document.js';
import { didWebDocumentUrl, didWebFromUrl } from '../did/did-web-url.js';
import { didDocumentPaths, wellKnownRouter } from './well-known-router.js';

const appFor = (did: string) => express().use(wellKnownRouter(() => ({ id: did }) as DidDocument));

describe('wellKnownRouter', () => {
  it('should serve a did:web with a path at <path>/did.json, at /did.json (a proxy stripped the path) and at /.well-known/did.json', async () => {
    const did = didWebFromUrl('http://127.0.0.1:8443/auth');
    expect(new URL(didWebDocumentUrl(did, true) ?? '').pathname).toBe('/auth/did.json');
    const app = appFor(did);
    for (const path of ['/auth/did.json', '/did.json', '/.well-known/did.json']) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['content-type'], path).toContain('application/did+json');
      expect(JSON.parse(res.text), path).toEqual({ id: did });
    }
  });

  it('should serve a DID whose path segments hold reserved route characters', async () => {
    const did = "did:web:example.com:org(1):a!b*c:x'y";
    expect(didDocumentPaths(did)).toEqual(['/.well-known/did.json', "/org(1)/a!b*c/x'y/did.json", '/did.json']);
    expect((await request(appFor(did)).get("/org(1)/a!b*c/x'y/did.json")).status).toBe(200);
  });

  it('should serve a did:web without a path at /.well-known/did.json only', async () => {
    const app = appFor(didWebFromUrl('http://127.0.0.1:8443'));
    expect((await request(app).get('/.well-known/did.json')).status).toBe(200);
    expect((await request(app).get('/did.json')).status).toBe(404);
  });
});
