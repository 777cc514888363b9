import { NS } from '../model/iri.js';

/**
 * The ODRL profiles the engine implements; a policy naming any other is refused (its terms would be accepted and
 * ignored). `fl:` is the Kontor federated-training profile; `cx-policy:profile2405` is the Catena-X ODRL profile
 * whose terms (CX-0152) the engine decides, also in its 2025/9 namespace.
 */
export const KNOWN_PROFILES: readonly string[] = [NS.fl, `${NS.cx}profile2405`, `${NS.cx2025}profile2405`];
