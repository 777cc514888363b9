import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { clusterEventHandler } from './cluster-event-handlers.js';
import { parseClusterEvent, type ClusterEvent } from './cluster-event.js';
import { localClusterBus } from './local-cluster-bus.js';

describe('cluster events', () => {
  it('should read the known events off the wire and skip anything else', () => {
    expect(parseClusterEvent('{"kind":"transfer.cut","transferId":"t1","reason":"revoked"}')).toEqual({ kind: 'transfer.cut', transferId: 't1', reason: 'revoked' });
    expect(parseClusterEvent('{"kind":"suspension.changed","participantId":"did:web:x"}')).toEqual({ kind: 'suspension.changed', participantId: 'did:web:x' });
    for (const bad of [
      '',
      'null',
      '[]',
      '{"kind":"reboot"}',
      '{"kind":"transfer.cut","transferId":1,"reason":"x"}',
      '{"kind":"transfer.cut","transferId":"t"}',
      '{"kind":"suspension.changed"}',
    ]) {
      expect(parseClusterEvent(bad)).toBeUndefined();
    }
  });

  it('should map each event to its local effects, and a resync to all of them', () => {
    const done: string[] = [];
    const handle = clusterEventHandler({
      flushIdentity: () => done.push('flush'),
      endTrainingSessions: () => done.push('sessions'),
      recheck: () => done.push('recheck'),
      invalidateCatalog: () => done.push('catalog'),
      cut: (id, reason) => done.push(`cut ${id}: ${reason}`),
    });
    const run = (e: ClusterEvent) => {
      done.length = 0;
      handle(e);
      return [...done];
    };
    expect(run({ kind: 'identity.flushed' })).toEqual(['flush', 'sessions', 'recheck']);
    expect(run({ kind: 'suspension.changed', participantId: 'p' })).toEqual(['recheck']);
    expect(run({ kind: 'catalog.changed' })).toEqual(['catalog']);
    expect(run({ kind: 'transfer.cut', transferId: 't1', reason: 'the transfer is TERMINATING' })).toEqual(['cut t1: the transfer is TERMINATING']);
    expect(run({ kind: 'resync' })).toEqual(['flush', 'sessions', 'catalog', 'recheck']);
  });

  it('should deliver in-process to every handler, past one that throws, and stop delivering to a removed one', async () => {
    const bus = localClusterBus(silentLogger);
    const seen: string[] = [];
    bus.subscribe(() => {
      throw new Error('broken handler');
    });
    const off = bus.subscribe((e) => seen.push(e.kind));
    await bus.publish({ kind: 'catalog.changed' });
    off();
    await bus.publish({ kind: 'identity.flushed' });
    expect(seen).toEqual(['catalog.changed']);
  });
});
