import type { Clock } from '../../core/index.js';
import type { ProcessorEntry } from './state-machine-loop.js';
import type { PeerSilence } from './peer-silence.js';
import type { StatefulEntity } from './stateful-entity.js';

export interface SilenceCheck<E extends StatefulEntity> {
  state: E['state'];
  silence: PeerSilence<E>;
  clock: Clock;
  /**
   * Why the peer's side of the process has ended (it reports TERMINATED, or knows no such process), read from the
   * peer; undefined when it runs there still, or cannot be read now. Never throws for the peer.
   */
  endedAtPeer(entity: E): Promise<string | undefined>;
  /** Ours moved to TERMINATED for `reason`, sending nothing: the peer has ended it already. */
  end(entity: E, reason: string): E;
}

/**
 * The processor of a waiting state: claimed once the entity saw no change for the silence, it asks the peer once; an
 * ended peer ends ours, anything else (the peer waits too, or cannot be reached) asks again one silence later. Never
 * handed an entity straight after a save (`waiting`): a claim finds it when due.
 */
export function silenceCheck<E extends StatefulEntity>(c: SilenceCheck<E>): ProcessorEntry<E> {
  const later = (e: E): E => ({ ...e, nextAttemptAt: c.clock.now() + c.silence.silenceMs });
  return {
    state: c.state,
    waiting: true,
    process: async (e) => {
      if (!c.silence.waits(e)) return later(e);
      // Due before its silence ended (saved without its due time): due at the end of the silence, nothing read.
      const quietUntil = e.stateTimestamp + c.silence.silenceMs;
      if (c.clock.now() < quietUntil) return { ...e, nextAttemptAt: quietUntil };
      const reason = await c.endedAtPeer(e);
      return reason === undefined ? later(e) : c.end(e, reason);
    },
    onFailure: (e) => later(e),
  };
}
