import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import jsonld from 'jsonld';
import { DSP_DATA_DIR } from './dsp-schema-location.js';

/** The only contexts a DSP 2025-1 processor needs (the DSP context and the ODRL profile it imports), from the spec's files. */
const require = createRequire(import.meta.url);
const ContextResolver = require('jsonld/lib/ContextResolver') as new (o: { sharedCache: Map<string, unknown> }) => unknown;

const DSP_CONTEXT_FILES: Readonly<Record<string, string>> = {
  'https://w3id.org/dspace/2025/1/context.jsonld': '2025-1/context/dspace.jsonld',
  'https://w3id.org/dspace/2025/1/odrl-profile.jsonld': '2025-1/context/odrl.jsonld',
};

const documentLoader = async (url: string) => {
  const file = DSP_CONTEXT_FILES[url];
  if (!file) throw new Error(`context not available offline with the DSP context alone: ${url}`);
  return { contextUrl: null, documentUrl: url, document: JSON.parse(readFileSync(join(DSP_DATA_DIR, file), 'utf8')) as unknown };
};

/** The message expanded with the DSP 2025-1 context alone, offline; `events` collects what safe mode would refuse. */
export async function dspExpand(message: unknown, events: string[] = []): Promise<unknown> {
  // Like safe mode, but a relative @id (a dataset named `data`, as EDC and Kontor both allow) is resolved as JSON-LD
  // says, against the document's base, not refused.
  const eventHandler = ({ event }: { event: { code: string; message: string; details?: unknown } }) => {
    if (event.code !== 'relative @id reference') events.push(`${event.code}: ${event.message} ${JSON.stringify(event.details ?? {}).slice(0, 300)}`);
  };
  // A fresh context cache per call (jsonld.js issue #537: a shared cache can silently drop properties).
  const options = { documentLoader, eventHandler, contextResolver: new ContextResolver({ sharedCache: new Map() }) };
  return (jsonld.expand as (input: unknown, options: unknown) => Promise<unknown>)(structuredClone(message), options);
}

/**
 * Expands a DSP message as a processor that knows the DSP 2025-1 context alone would, offline: any other context
 * (a credential's, Kontor's own) is an error, and so is every event safe mode would refuse (a property dropped
 * because it does not expand to an IRI, …), but a relative `@id`.
 * Returns the problem, or undefined when the message expands.
 */
export async function dspExpansionProblem(message: unknown): Promise<string | undefined> {
  const events: string[] = [];
  try {
    await dspExpand(message, events);
  } catch (error) {
    const e = error as { message?: string; details?: unknown };
    return `${e.message ?? String(error)}${e.details ? ` ${JSON.stringify(e.details).slice(0, 400)}` : ''}`;
  }
  return events.length > 0 ? events.join('; ') : undefined;
}
