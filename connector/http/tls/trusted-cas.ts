import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { ConnectorError } from '../../../core/index.js';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The certificate authorities outbound calls trust with tls.caFile (KONTOR_TLS_CA_FILE): Node's default roots plus
 * every certificate in the file, never the file alone, so public peers stay reachable. Undefined without the
 * setting (Node's defaults apply unchanged). A file that cannot be read or holds no certificate is CONFIG_INVALID.
 */
export function trustedCas(caFile: string | undefined, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): string[] | undefined {
  if (caFile === undefined) return undefined;
  let text: string;
  try {
    text = readFile(caFile);
  } catch (error) {
    throw invalid(`cannot read ${caFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw invalid(`${caFile} holds no PEM certificate`);
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch (error) {
      throw invalid(`${caFile} holds a certificate that cannot be read: ${(error as Error).message}`);
    }
  }
  return [...rootCertificates, ...blocks];
}

function invalid(message: string): ConnectorError {
  return new ConnectorError('CONFIG_INVALID', { detail: `invalid configuration: tls.caFile: ${message}`, violations: [{ pointer: 'tls.caFile', message }] });
}
