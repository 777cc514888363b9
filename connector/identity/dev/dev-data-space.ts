import type { Clock } from '../../../core/index.js';
import { createDocumentLoader, installJsonLdGuard, type DocumentLoader } from '../document-loader.js';
import { buildDidDocument } from '../did/build-did-document.js';
import { createDidKeyResolver } from '../did/did-key-resolver.js';
import { DidResolverRegistry } from '../did/did-resolver-registry.js';
import { createDidWebResolver } from '../did/did-web-resolver.js';
import { didWebDocumentUrl } from '../did/did-web-url.js';
import { didWebIdentity } from '../did/signing-identities.js';
import { KeyRing } from '../keys/key-ring.js';
import { issueCredential } from '../vc/issue-credential.js';
import { buildMembershipCredential, type MembershipSubject } from '../vc/credential-templates.js';
import { bitstringStatusEntry, buildStatusListCredential } from '../vc/status/status-list-credential.js';
import type { StatusListProvider } from '../vc/status/status-checker.js';
import { StatusList } from '../vc/status/status-list.js';
import type { SigningIdentity } from '../vc/suites.js';
import { memoryFetch } from './memory-fetch.js';

export interface DevParticipant {
  did: string;
  keys: KeyRing;
  identity: SigningIdentity;
  credentialService: string;
}

/**
 * A whole data space in memory for tests and examples: did:web documents served from a map
 * through the real did:web resolver (loopback HTTP allowed), an authority with a revocation list,
 * participants. Never use it to run a connector.
 */
export class DevDataSpace {
  readonly documents = new Map<string, unknown>();
  readonly fetch = memoryFetch(this.documents);
  readonly resolver: DidResolverRegistry;
  readonly documentLoader: DocumentLoader;
  readonly authority: DevParticipant;
  readonly statusListUrl: string;
  private readonly revocations = StatusList.create();
  private nextIndex = 0;

  constructor(readonly clock: Clock) {
    installJsonLdGuard();
    this.resolver = new DidResolverRegistry([createDidKeyResolver(), createDidWebResolver({ fetch: this.fetch, allowHttpLoopback: true })], { clock, cacheTtlMs: 0 });
    this.documentLoader = createDocumentLoader(this.resolver);
    this.authority = this.addParticipant('127.0.0.1:9000');
    this.statusListUrl = 'http://127.0.0.1:9000/status/revocation/1';
  }

  /** A did:web participant on `host` (e.g. `127.0.0.1:8282`) whose DID document is "served". */
  addParticipant(host: string, keys: KeyRing = KeyRing.generate(this.clock)): DevParticipant {
    const did = `did:web:${host.replace(':', '%3A')}`;
    const credentialService = `http://${host}/api/credentials`;
    this.publish(did, keys, credentialService);
    return { did, keys, identity: didWebIdentity(did, keys), credentialService };
  }

  /** (Re)publish a participant's DID document, e.g. after a rotation. */
  publish(did: string, keys: KeyRing, credentialService: string): void {
    const url = didWebDocumentUrl(did, true);
    if (!url) throw new Error(`bad did:web ${did}`);
    this.documents.set(url, buildDidDocument({ did, keys: keys.all(), credentialService, protocolEndpoint: credentialService.replace('/api/credentials', '/dsp') }));
    this.resolver.evict(did);
  }

  /** A signed MembershipCredential with a fresh revocation index (returned with it). */
  async issueMembership(subject: Omit<MembershipSubject, 'memberOf'>, validForMs = 86_400_000, issuer: SigningIdentity = this.authority.identity) {
    const index = this.nextIndex++;
    const credential = await issueCredential(
      buildMembershipCredential(
        {
          id: `urn:uuid:membership-${index}`,
          issuer: issuer.did,
          validFrom: this.clock.isoNow(),
          validUntil: new Date(this.clock.now() + validForMs).toISOString(),
          credentialStatus: bitstringStatusEntry(this.statusListUrl, index),
        },
        { ...subject, memberOf: this.authority.did },
      ),
      { issuer, documentLoader: this.documentLoader, clock: this.clock },
    );
    return { credential, index };
  }

  revoke(index: number): void {
    this.revocations.set(index, true);
  }

  /** Serves the authority's revocation list credential, signed fresh on every fetch. */
  readonly statusProvider: StatusListProvider = {
    fetchStatusList: async (url) => {
      if (url !== this.statusListUrl) throw new Error(`no status list at ${url}`);
      const unsigned = await buildStatusListCredential({
        id: url,
        issuer: this.authority.did,
        statusPurpose: 'revocation',
        list: this.revocations,
        validFrom: this.clock.isoNow(),
      });
      return issueCredential(unsigned, { issuer: this.authority.identity, documentLoader: this.documentLoader, clock: this.clock });
    },
  };
}
