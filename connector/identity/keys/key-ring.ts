import type { Clock } from '../../../core/index.js';
import { Ed25519Key } from './ed25519-key.js';

/**
 * A participant's keys: the current one signs and authenticates; rotated ones still verify what they signed
 * (assertions) until retired. Order is oldest first; the last key is current.
 */
export class KeyRing {
  private keys: Ed25519Key[];
  private pending: Promise<unknown> = Promise.resolve();

  /**
   * @param persist called with the complete new key list before a rotation takes effect; when it
   *   throws, the rotation is abandoned and the ring is unchanged.
   */
  constructor(
    keys: readonly Ed25519Key[],
    private readonly clock: Clock,
    private readonly persist: (keys: readonly Ed25519Key[]) => Promise<void> = async () => undefined,
  ) {
    if (keys.length === 0) throw new RangeError('a key ring needs at least one key');
    const kids = new Set(keys.map((k) => k.kid));
    if (kids.size !== keys.length) throw new RangeError('key ids must be unique');
    this.keys = [...keys];
  }

  /** A ring holding one fresh key and no persistence: tests and throwaway identities. */
  static generate(clock: Clock): KeyRing {
    return new KeyRing([Ed25519Key.generate('key-1', clock.isoNow())], clock);
  }

  current(): Ed25519Key {
    const key = this.keys[this.keys.length - 1];
    if (!key) throw new Error('unreachable: empty key ring');
    return key;
  }

  all(): readonly Ed25519Key[] {
    return this.keys;
  }

  /** The key with this id (`key-2`, not the DID URL), or undefined. */
  find(kid: string): Ed25519Key | undefined {
    return this.keys.find((k) => k.kid === kid);
  }

  /** Add a new current key; old keys stay for verification. Concurrent calls run one after another. */
  rotate(): Promise<Ed25519Key> {
    return this.change(() => {
      const next = Ed25519Key.generate(nextKid(this.keys), this.clock.isoNow());
      return { keys: [...this.keys, next], result: next };
    });
  }

  /**
   * Drop a rotated key for good (a compromised one): it leaves the DID document, and what it signed no longer
   * verifies. The current key cannot be retired (rotate first); an unknown id is refused, naming the ones there are.
   */
  retire(kid: string): Promise<Ed25519Key> {
    return this.change(() => {
      const key = this.find(kid);
      if (!key) throw new RangeError(`no key '${kid}' (keys: ${this.keys.map((k) => k.kid).join(', ')})`);
      if (key === this.current()) throw new RangeError(`'${kid}' is the current key: rotate first, then retire it`);
      return { keys: this.keys.filter((k) => k !== key), result: key };
    });
  }

  /** One change at a time: persisted first, taken over only when that succeeded. */
  private change<T>(next: () => { keys: Ed25519Key[]; result: T }): Promise<T> {
    const run = this.pending.then(async () => {
      const { keys, result } = next();
      await this.persist(keys);
      this.keys = keys;
      return result;
    });
    this.pending = run.catch(() => undefined);
    return run;
  }
}

function nextKid(keys: readonly Ed25519Key[]): string {
  const numbers = keys.map((k) => /^key-(\d+)$/.exec(k.kid)?.[1]).map((n) => (n === undefined ? 0 : Number(n)));
  return `key-${Math.max(0, ...numbers) + 1}`;
}
