import type { Setting } from '../setting.js';

/** TLS, the outbound policy (where the connector may call) and the authority. */
export const NETWORK_SETTINGS: readonly Setting[] = [
  {
    key: 'tls.certFile',
    type: 'string',
    default: null,
    env: 'KONTOR_TLS_CERT_FILE',
    description: 'PEM certificate the public listener serves over HTTPS (with tls.keyFile); reloaded when the file changes. Unset (and no tls.pfxFile): plain HTTP',
  },
  { key: 'tls.keyFile', type: 'string', default: null, env: 'KONTOR_TLS_KEY_FILE', description: 'PEM private key of tls.certFile (encrypted keys take tls.passphrase)' },
  { key: 'tls.chainFile', type: 'string', default: null, env: 'KONTOR_TLS_CHAIN_FILE', description: 'PEM intermediate certificates sent after tls.certFile (optional)' },
  {
    key: 'tls.pfxFile',
    type: 'string',
    default: null,
    env: 'KONTOR_TLS_PFX_FILE',
    description: 'PKCS#12 bundle (key, certificate and chain) the public listener serves over HTTPS, instead of tls.certFile and tls.keyFile',
  },
  {
    key: 'tls.passphrase',
    type: 'string',
    default: null,
    env: 'KONTOR_TLS_PASSPHRASE',
    secret: { fileKey: 'tls.passphraseFile', fileEnv: 'KONTOR_TLS_PASSPHRASE_FILE' },
    description: 'Passphrase of an encrypted tls.keyFile or of tls.pfxFile',
  },
  {
    key: 'tls.passphraseFile',
    type: 'string',
    default: null,
    env: 'KONTOR_TLS_PASSPHRASE_FILE',
    description: 'File holding tls.passphrase (alternative to KONTOR_TLS_PASSPHRASE)',
  },
  { key: 'tls.management', type: 'boolean', default: false, env: 'KONTOR_TLS_MANAGEMENT', description: 'Serve the management listener over HTTPS with the same certificate too' },
  {
    key: 'tls.reloadIntervalMs',
    type: 'integer',
    default: 30000,
    env: 'KONTOR_TLS_RELOAD_INTERVAL_MS',
    min: 0,
    max: 86400000,
    description: 'How often the certificate files are checked for a change (size, time, inode); a changed, valid set is served to new connections (0 = never)',
  },
  {
    key: 'tls.caFile',
    type: 'string',
    default: null,
    env: 'KONTOR_TLS_CA_FILE',
    description:
      "PEM certificates of further certificate authorities every outbound call trusts (e.g. the one `kontor dev-ca` creates), added to Node's default CAs, never replacing them",
  },
  {
    key: 'outbound.allowAddresses',
    type: 'list',
    default: [],
    env: 'KONTOR_OUTBOUND_ALLOW_ADDRESSES',
    description:
      'Addresses or CIDRs (10.1.0.0/16, fd00::/8) that peer- or client-named URLs may reach although loopback, private, link-local, unique-local, multicast or unspecified (denied otherwise; loopback is allowed with did.allowHttpLoopback or identity.kind dev)',
  },
  {
    key: 'outbound.denyAddresses',
    type: 'list',
    default: [],
    env: 'KONTOR_OUTBOUND_DENY_ADDRESSES',
    description: 'Further addresses or CIDRs that peer- or client-named URLs must never reach; wins over every allowance',
  },
  {
    key: 'authority.credentialValiditySeconds',
    type: 'integer',
    default: 2592000,
    env: 'KONTOR_CREDENTIAL_VALIDITY_SECONDS',
    min: 60,
    max: 315360000,
    description: 'Validity of the credentials the authority issues (authority mode)',
  },
  {
    key: 'authority.credentialFormat',
    type: 'string',
    default: 'ldp',
    env: 'KONTOR_AUTHORITY_CREDENTIAL_FORMAT',
    values: ['ldp', 'vc11-sl2021/jwt', 'vc20-bssl/jwt'],
    description:
      'How the authority secures credentials and its status list: ldp (VC 2.0, Data Integrity eddsa-rdfc-2022, BitstringStatusList), vc11-sl2021/jwt (VC 1.1 as JWT, StatusList2021; what EDC verifiers and the DCP TCK expect) or vc20-bssl/jwt (VC 2.0 as JWT, BitstringStatusList)',
  },
  {
    key: 'authority.keyType',
    type: 'string',
    default: 'Ed25519',
    env: 'KONTOR_AUTHORITY_KEY_TYPE',
    values: ['Ed25519', 'P-256'],
    description: 'Key the authority signs credentials with: Ed25519 (EdDSA, the identity.keyFile key) or P-256 (ES256; JWT formats only, key in authority.p256KeyFile)',
  },
  {
    key: 'authority.p256KeyFile',
    type: 'string',
    default: null,
    env: 'KONTOR_AUTHORITY_P256_KEY_FILE',
    description:
      "File holding the authority's P-256 key (only with authority.keyType P-256; created with mode 0600 when missing); default: beside identity.keyFile (keys.json → keys.p256.json)",
  },
];
