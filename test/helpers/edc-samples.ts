import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The EDC Management API v3 request bodies in ../shared/edc-samples (next to the repository; absent in a user's clone). */
export const EDC_SAMPLES_DIR = fileURLToPath(new URL('../../../shared/edc-samples/', import.meta.url));
export const HAVE_EDC_SAMPLES = existsSync(EDC_SAMPLES_DIR);
export const NO_EDC_SAMPLES_REASON = `skipped: ${EDC_SAMPLES_DIR} is absent (the EDC samples live next to the repository, not in it)`;

/**
 * A sample body, byte for byte as published, with only its placeholders and addresses filled in: the `{{…}}` and
 * `{% … %}` placeholders from `values`, the sample's addresses (`addresses`: published URL → ours) and the
 * participant id `"provider"` (Kontor's participant ids are DIDs).
 */
export function edcSample(file: string, fill: { providerDid: string; addresses?: Record<string, string>; values?: Record<string, string> }): Record<string, unknown> {
  let text = readFileSync(`${EDC_SAMPLES_DIR}${file}`, 'utf8');
  for (const [from, to] of Object.entries({ ...fill.addresses, ...fill.values })) text = text.split(from).join(to);
  text = text.replace(/"provider"/g, JSON.stringify(fill.providerDid));
  if (/\{\{|\{%/.test(text)) throw new Error(`${file} still has a placeholder`);
  return JSON.parse(text) as Record<string, unknown>;
}
