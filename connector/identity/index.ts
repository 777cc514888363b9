/** Identity and trust: keys, DIDs, verifiable credentials, DCP self-issued tokens, and the verifier. */
export { KONTOR_CONTEXT_V1_URL, KONTOR_VOCAB, ODRL_CONTEXT_URL, kontorContextV1 } from './contexts/kontor-v1.js';
export { KONTOR_MODEL_CONTEXT_V1_URL, kontorModelContextV1 } from './contexts/kontor-model-v1.js';
export { KONTOR_MODEL_CONTEXT_V2_URL, kontorModelContextV2 } from './contexts/kontor-model-v2.js';
export { KONTOR_MODEL_CONTEXT_V3_URL, kontorModelContextV3 } from './contexts/kontor-model-v3.js';
export { projectContexts } from './contexts/project-contexts.js';
export { communityContexts } from './contexts/community-contexts.js';
export { CX_POLICY_CONTEXT_URL } from './contexts/catena-x-policy-2025-9.js';
export { DSP_ODRL_PROFILE_URL } from './contexts/dsp-odrl-profile.js';
export { createDocumentLoader, installJsonLdGuard, knownContexts, type DocumentLoader, type LoadedDocument } from './document-loader.js';
export { BoundedCache } from './bounded-cache.js';
export { Ed25519Key, type DataIntegritySigner, type StoredKey } from './keys/ed25519-key.js';
export { signEd25519Jws } from './keys/ed25519-jws.js';
export { verifyCompactJws } from './keys/verify-compact-jws.js';
export { verifyKey } from './keys/verify-key-cache.js';
export { KeyRing } from './keys/key-ring.js';
export { openKeyFile } from './keys/key-file.js';
export type { DidDocument, VerificationMethod, ServiceEntry, VerificationRelationship } from './did/did-document.js';
export { buildDidDocument, serviceEndpoint, verificationMethodId, CREDENTIAL_SERVICE_TYPE, DATA_SERVICE_TYPE, type DidDocumentInput } from './did/build-did-document.js';
export { didMethod, type DidResolver, type DidMethodResolver, type DidResolution, type DidResolutionError } from './did/did-resolver.js';
export { DidResolverRegistry, type DidResolverRegistryOptions } from './did/did-resolver-registry.js';
export { createDidKeyResolver } from './did/did-key-resolver.js';
export { createDidWebResolver, type FetchLike, type DidWebResolverOptions } from './did/did-web-resolver.js';
export { didWebFromUrl, didWebDocumentUrl, didWebLocation, isLoopbackHost } from './did/did-web-url.js';
export { findVerificationMethod, hasRelationship, selectDidUrl, verificationMethods } from './did/select-did-url.js';
export { didKeyIdentity, didWebIdentity } from './did/signing-identities.js';
export type { Cryptosuite, SigningIdentity } from './vc/suites.js';
export { issueCredential, type IssueOptions } from './vc/issue-credential.js';
export {
  buildMembershipCredential,
  buildFrameworkAgreementCredential,
  type CredentialEnvelope,
  type MembershipSubject,
  type FrameworkAgreementSubject,
} from './vc/credential-templates.js';
export { CredentialVerifier, type CredentialVerifierOptions, type CredentialStatusCheck, type PresentationExpectations } from './vc/credential-verifier.js';
export { checkCredentialProof, checkValidityPeriod } from './vc/check-proof.js';
export type { CredentialVerification, CredentialChecks, PresentationVerification, PresentationChecks } from './vc/verification-result.js';
export { isTrustedFor, type TrustedIssuer } from './vc/trusted-issuers.js';
export { signPresentation, presentationChallenge, type PresentationOptions } from './vc/sign-presentation.js';
export { StatusList, MIN_STATUS_LIST_LENGTH } from './vc/status/status-list.js';
export { buildStatusListCredential, bitstringStatusEntry, type StatusPurpose, type StatusListCredentialInput } from './vc/status/status-list-credential.js';
export { agentStanding, evidenceOf, type CredentialEvidence, type EvidencedAgent } from './agent-evidence.js';
export { StatusChecker, type StatusListProvider, type StatusCheckerOptions, type StatusFinding } from './vc/status/status-checker.js';
export { createSelfIssuedToken, type SelfIssuedTokenInput } from './token/self-issued-token.js';
export { verifySelfIssuedToken, type TokenVerification, type TokenRejection, type TokenVerifierOptions } from './token/verify-self-issued-token.js';
export { MemoryReplayCache, type ReplayCache, type ReplayCacheLimits, type ReplayVerdict } from './token/replay-cache.js';
export { spendTokenId, type SpendableToken } from './token/spend-token-id.js';
export { bearerToken } from './token/bearer-token.js';
export { createIdentityVerifier, type IdentityVerifier, type IdentityVerifierOptions, type FetchPresentation, type PresentationRequest } from './identity-verifier.js';
export { toParticipantAgent } from './participant-claims.js';
export { DevDataSpace, type DevParticipant } from './dev/dev-data-space.js';
export { memoryFetch } from './dev/memory-fetch.js';
export { createIdentityRuntime, IDENTITY_FETCH_BOUNDS, type IdentityRuntime, type IdentityRuntimeOptions } from './runtime/identity-runtime.js';
export { identityRuntimeFromConfig } from './runtime/runtime-from-config.js';
export { AccessTokens } from './runtime/access-tokens.js';
export { credentialServiceRouter } from './runtime/credential-service-router.js';
export { createDcpPeerAuth } from './runtime/dcp-peer-auth.js';
export { CredentialRequester, ISSUANCE_PATH } from './runtime/credential-requester.js';
export { wellKnownRouter } from './runtime/well-known-router.js';
export type { HeldCredential, HeldCredentialStore } from './runtime/held-credentials.js';
export { ed25519PublicKey } from './token/public-key.js';
export { openP256KeyFile } from './keys/p256-key-file.js';
export { issuerOf, specificTypes, subjectsOf } from './vc/credential-fields.js';
export { issueJwtCredential } from './vc/jwt/issue-jwt-credential.js';
export { jwtSignerOf, type JwtSigner } from './vc/jwt/jwt-signer.js';
