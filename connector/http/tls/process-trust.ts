import { rootCertificates } from 'node:tls';
import { Agent, setGlobalDispatcher } from 'undici';

/** The extra CAs (tls.caFile) of every connector, authority or command of this process, in the order seen. */
const extra = new Set<string>();

/**
 * Every `fetch` of the process without a dispatcher of its own (calls to operator-configured URLs: the authority,
 * HttpData backends, OAuth2 token endpoints, the CLI's calls) verifies certificates against Node's roots plus the
 * configured CAs. Calls a peer or a client steers use their connector's outbound policy, which carries that
 * connector's own CAs. Node 20 cannot extend its default CAs after start, so this is the process's undici dispatcher;
 * CAs are only ever added (several connectors in one process: tests, the demo). Verification is never turned off.
 */
export function trustProcessWide(ca: readonly string[] | undefined): void {
  if (!ca) return;
  const roots = new Set(rootCertificates);
  const before = extra.size;
  for (const cert of ca) if (!roots.has(cert)) extra.add(cert);
  if (extra.size !== before) setGlobalDispatcher(new Agent({ connect: { ca: [...rootCertificates, ...extra] } }));
}
