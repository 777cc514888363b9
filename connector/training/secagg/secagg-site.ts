import { randomBytes, type KeyObject } from 'node:crypto';
import { ConnectorError } from '../../../core/index.js';
import { checkSignatures, signStatement, type RoundStatement } from './consistency-check.js';
import { addMod, encodeVector, subMod } from './fixed-point.js';
import { signKeyBundle, verifyKeyBundle, type BundleIdentity, type KeyBundle } from './key-bundle.js';
import { maskVector } from './mask-prg.js';
import { openShare, pairwiseSeed, sealShare } from './pairwise-seed.js';
import { generateRoundKeys, privateScalar, publicOf, type RoundKeys } from './round-keys.js';
import { splitSecret } from './shamir.js';
import { encodeShare, type RevealedShares, type WireShare } from './wire-share.js';

/** What every step is for: the training, its round, and the plan's dropout-recovery threshold t. */
export interface SecAggRound {
  trainingId: string;
  round: number;
  threshold: number;
}

interface RoundState {
  keys: RoundKeys;
  selfSeed: Buffer;
  peers?: Map<string, KeyBundle>;
  /** Shares other sites sent this site: of their mask key (`mask`) and of their self-mask seed (`self`). */
  held?: Map<string, { mask: WireShare; self: WireShare }>;
  /** This site's own point of its two secrets (it counts towards the threshold like any other). */
  own?: { mask: WireShare; self: WireShare };
  revealed?: boolean;
  /** The threshold the keys were advertised for and the shares split with; the masked round must name the same (the plan's), every later step too. */
  threshold: number;
  /** The masking set: this site and every site whose shares it opened (sorted). */
  sites?: string[];
  /** The one statement of survivors this site signed for the round, and its signature. */
  confirmed?: { statement: RoundStatement; signature: string };
}

/** Rounds whose state one training session keeps (a round lasts minutes; older ones are done or abandoned). */
export const MAX_ROUNDS_PER_SESSION = 16;
/** Training sessions with secure-aggregation state; when full, only sessions whose every round ended make room. */
export const MAX_SESSIONS = 1024;

/** One training session's secure aggregation: the coordinator's training id it runs for, and its recent rounds. */
interface SessionState {
  trainingId: string;
  rounds: Map<number, RoundState>;
  /** Rounds up to this one were let go (bounded memory): their keys are never advertised again. */
  floor: number;
}

const refuse = (detail: string): never => {
  throw new ConnectorError('FORBIDDEN', { detail: `secure aggregation: ${detail}` });
};

/**
 * One site's side of secure aggregation (Bonawitz et al., CCS 2017, one key exchange per round): fresh X25519 keys
 * signed with the site's DID key; Shamir shares of its mask key and self-mask seed sealed to the other sites; the
 * update masked with its self mask and the pairwise masks; at the end, for each other site, either the share of its
 * self-mask seed (it delivered) or of its mask key (it dropped), never both, and only once per round.
 *
 * State is kept per training session (the site's training transfer, `session(transferId)`), bound to the one
 * training id its first round named, and bounded per session: no caller can touch or evict another training's rounds.
 */
export function secAggSite(deps: { identity: () => BundleIdentity; resolveKey(kid: string): Promise<KeyObject | undefined> }) {
  const sessions = new Map<string, SessionState>();
  const ended = (state: SessionState) => [...state.rounds.values()].every((round) => round.revealed === true);
  const open = (transferId: string, trainingId: string): SessionState => {
    const known = sessions.get(transferId);
    if (known) return known;
    if (sessions.size >= MAX_SESSIONS) {
      const [done] = [...sessions].find(([, state]) => ended(state)) ?? refuse(`this site holds live rounds of ${MAX_SESSIONS} trainings; try again later`);
      sessions.delete(done);
    }
    const state: SessionState = { trainingId, rounds: new Map(), floor: 0 };
    sessions.set(transferId, state);
    return state;
  };
  return {
    /** Forgets a session whose training transfer ended: an abandoned round no longer holds one of the MAX_SESSIONS slots. */
    close(transferId: string): void {
      sessions.delete(transferId);
    },
    /** The protocol for one training session (the site's training transfer); its state is this session's alone. */
    session(transferId: string) {
      return sessionProtocol(deps, (r, create) => {
        const state = create ? open(transferId, r.trainingId) : sessions.get(transferId);
        if (state && state.trainingId !== r.trainingId)
          throw new ConnectorError('VALIDATION_FAILED', { detail: `trainingId ${JSON.stringify(r.trainingId)} is not the training this session runs` });
        return state;
      });
    },
  };
}

export type SecAggSession = ReturnType<ReturnType<typeof secAggSite>['session']>;

function sessionProtocol(
  deps: { identity: () => BundleIdentity; resolveKey(kid: string): Promise<KeyObject | undefined> },
  sessionOf: (r: SecAggRound, create: boolean) => SessionState | undefined,
) {
  const me = () => deps.identity().did;
  const stateOf = (r: SecAggRound): RoundState => sessionOf(r, false)?.rounds.get(r.round) ?? refuse(`no keys were advertised for round ${r.round}`);
  const ctx = (r: SecAggRound, other: string) => ({ trainingId: r.trainingId, round: r.round, a: me(), b: other });
  /** The masked round's state, checked against what the coordinator asks now: the threshold is the plan's, never the body's. */
  const maskedState = (r: SecAggRound) => {
    const state = stateOf(r);
    const sites = state.sites ?? refuse('this site did not mask this round');
    if (r.threshold !== state.threshold) refuse(`threshold ${r.threshold} is not the plan's threshold ${state.threshold} this round was masked with`);
    return { state, sites, threshold: state.threshold };
  };
  /** The statement the coordinator's survivors and dropped sites make: they must split this site's masking set exactly. */
  const statementOf = (r: SecAggRound, sites: readonly string[], threshold: number, survivors: readonly string[], dropped: readonly string[]): RoundStatement => {
    const surv = [...new Set(survivors)].sort();
    if (surv.length !== survivors.length || new Set(dropped).size !== dropped.length) refuse('a site is named twice');
    if (!surv.includes(me())) refuse('this site is not among the survivors named');
    if (survivors.some((s) => dropped.includes(s))) refuse('a site cannot both have survived and dropped');
    const stranger = [...survivors, ...dropped].find((s) => !sites.includes(s));
    if (stranger !== undefined) refuse(`${stranger} is not in the set of sites this site masked with`);
    const missing = sites.find((s) => !survivors.includes(s) && !dropped.includes(s));
    if (missing !== undefined) refuse(`${missing}, which this site masked with, is named neither survivor nor dropped`);
    if (surv.length < threshold) refuse(`only ${surv.length} survivors, below the threshold ${threshold}`);
    return { trainingId: r.trainingId, round: r.round, sites, survivors: surv };
  };

  return {
    /** Step 0: fresh keys for this round, once; the signed bundle goes to the coordinator. */
    async advertise(r: SecAggRound): Promise<string> {
      const session = sessionOf(r, true) ?? refuse('no session');
      if (session.rounds.has(r.round) || r.round <= session.floor) refuse(`keys for round ${r.round} were already advertised`);
      if (session.rounds.size >= MAX_ROUNDS_PER_SESSION && r.round < Math.min(...session.rounds.keys())) refuse(`round ${r.round} is older than the rounds kept`);
      const keys = generateRoundKeys();
      session.rounds.set(r.round, { keys, selfSeed: randomBytes(32), threshold: r.threshold });
      // Bounded memory: this session keeps its most recent rounds only; the ones let go are never advertised again.
      for (const old of [...session.rounds.keys()].sort((a, b) => a - b)) {
        if (session.rounds.size <= MAX_ROUNDS_PER_SESSION) break;
        session.rounds.delete(old);
        session.floor = Math.max(session.floor, old);
      }
      return signKeyBundle(deps.identity(), { trainingId: r.trainingId, round: r.round, keys: publicOf(keys) });
    },

    /** Step 1: verifies every relayed bundle, then seals a share of the mask key and the self seed to each other site. */
    async shareKeys(r: SecAggRound, bundles: Record<string, string>): Promise<Record<string, string>> {
      const state = stateOf(r);
      if (state.peers) refuse('the keys of this round were already shared');
      if (r.threshold !== state.threshold) refuse(`threshold ${r.threshold} is not the threshold ${state.threshold} the keys of this round were advertised for`);
      const sites = Object.keys(bundles).sort();
      if (!sites.includes(me())) refuse('our own keys are missing from the relayed bundles');
      if (sites.length < r.threshold || r.threshold < 2) refuse(`${sites.length} sites cannot meet the threshold ${r.threshold} (at least 2)`);
      const verified = await Promise.all(sites.map((site) => verifyKeyBundle(bundles[site] ?? '', { site, trainingId: r.trainingId, round: r.round }, deps.resolveKey)));
      const own = verified.find((b) => b.site === me());
      if (own?.keys.mask !== publicOf(state.keys).mask || own.keys.share !== publicOf(state.keys).share) refuse('the coordinator relayed other keys as ours');
      state.peers = new Map(verified.map((b) => [b.site, b]));
      const mask = splitSecret(privateScalar(state.keys.mask), sites.length, r.threshold);
      const self = splitSecret(BigInt(`0x${state.selfSeed.toString('hex')}`), sites.length, r.threshold);
      const sealed: Record<string, string> = {};
      sites.forEach((site, i) => {
        if (site === me()) {
          state.own = { mask: encodeShare(mask[i]), self: encodeShare(self[i]) };
          return;
        }
        const body = JSON.stringify({ mask: encodeShare(mask[i]), self: encodeShare(self[i]) });
        sealed[site] = sealShare(state.keys.share, verified[i]?.keys.share ?? '', { ...ctx(r, site), from: me(), to: site }, body);
      });
      return sealed;
    },

    /**
     * Step 2: opens the shares sealed to this site and masks the already clipped, noised and sample-weighted update.
     * The sites that sent shares are the round's masking set: this site adds the mask of each pair where it sorts
     * first and subtracts it where it sorts second, so the masks cancel in the sum. The set is part of the statement it
     * signs before revealing, so a set the coordinator shrank for this site alone is never unmasked (step 3).
     */
    maskInput(r: SecAggRound, weighted: readonly number[], sealedForMe: Record<string, string>): number[] {
      const state = stateOf(r);
      const peers = state.peers ?? refuse('the keys of this round were not shared yet');
      if (state.held) refuse('this round was already masked');
      if (state.threshold !== r.threshold) refuse(`the shares were split with threshold ${state.threshold}, the plan says ${r.threshold}`);
      const senders = Object.keys(sealedForMe);
      if (senders.includes(me())) refuse('shares "from" this site itself were relayed');
      if (senders.length + 1 < r.threshold) refuse(`only ${senders.length + 1} sites are left, below the threshold ${r.threshold}`);
      state.held = new Map(
        senders.map((from) => {
          const peer = peers.get(from) ?? refuse(`shares from ${from}, whose keys were not in this round`);
          const body = JSON.parse(openShare(state.keys.share, peer.keys.share, { ...ctx(r, from), from, to: me() }, sealedForMe[from] ?? '')) as {
            mask: WireShare;
            self: WireShare;
          };
          return [from, body];
        }),
      );
      if (state.own) state.held.set(me(), state.own);
      state.sites = [...state.held.keys()].sort();
      let out = encodeVector(weighted);
      out = addMaskTo(out, state.selfSeed, 1);
      for (const other of senders) {
        const seed = pairwiseSeed(state.keys.mask, peers.get(other)?.keys.mask ?? '', ctx(r, other));
        out = addMaskTo(out, seed, me() < other ? 1 : -1);
      }
      return out;
    },

    /**
     * Step 3a (consistency check): signs, once per round, the survivors and dropped sites the coordinator names, with
     * this site's masking set; they must split that set exactly, with at least the plan's t survivors, this site one.
     */
    async confirm(r: SecAggRound, survivors: readonly string[], dropped: readonly string[]): Promise<string> {
      const { state, sites, threshold } = maskedState(r);
      const statement = statementOf(r, sites, threshold, survivors, dropped);
      if (state.confirmed) {
        if (JSON.stringify(state.confirmed.statement) !== JSON.stringify(statement)) refuse('this site already confirmed other survivors for this round');
        return state.confirmed.signature;
      }
      state.confirmed = { statement, signature: await signStatement(deps.identity(), statement) };
      return state.confirmed.signature;
    },

    /**
     * Step 3b: reveals, for the statement it confirmed and only once at least t survivors signed that same statement,
     * self-seed shares of the survivors and mask-key shares of the dropped sites (never both for one site).
     */
    async reveal(r: SecAggRound, survivors: readonly string[], dropped: readonly string[], signatures: Readonly<Record<string, string>>): Promise<RevealedShares> {
      const { state, sites, threshold } = maskedState(r);
      const held = state.held ?? refuse('this site did not mask this round');
      if (state.revealed) refuse('shares for this round were already revealed (asked twice)');
      const statement = statementOf(r, sites, threshold, survivors, dropped);
      if (JSON.stringify(state.confirmed?.statement) !== JSON.stringify(statement)) refuse('these are not the survivors this site confirmed for this round');
      await checkSignatures(signatures, statement, threshold, deps.resolveKey);
      if (state.revealed) refuse('shares for this round were already revealed (asked twice)');
      state.revealed = true;
      const pick = (sites: readonly string[], which: 'mask' | 'self') => Object.fromEntries(sites.map((s) => [s, (held.get(s) ?? refuse(`no share is held for ${s}`))[which]]));
      return { self: pick(survivors, 'self'), mask: pick(dropped, 'mask') };
    },
  };
}

function addMaskTo(vector: number[], seed: Buffer, sign: 1 | -1): number[] {
  const mask = maskVector(seed, vector.length);
  return vector.map((v, i) => (sign === 1 ? addMod(v, mask[i] ?? 0) : subMod(v, mask[i] ?? 0)));
}
