import { describe, expect, it } from 'vitest';
import { stateChangeRecords } from './state-change-records.js';
import { CHANGE_ENTITY_FIELDS, changeEntity, type StateChange } from './store/sql/outbox/state-change.js';

const negotiation = {
  id: 'n1',
  state: 'TERMINATED',
  role: 'provider',
  counterPartyId: 'did:web:consumer',
  agreementId: 'urn:uuid:a1',
  terminationReason: 'the policy denied it',
  offer: { '@id': 'o1', permission: [{ action: 'use' }] },
  correlationId: 'urn:uuid:c1',
  version: 7,
};
const transfer = {
  id: 't1',
  state: 'STARTED',
  role: 'consumer',
  counterPartyId: 'did:web:provider',
  agreementId: 'urn:uuid:a1',
  transferType: 'HttpData-PULL',
  dataAddress: { endpoint: 'https://provider.example/data', authorization: 'secret' },
  version: 3,
};
/** The change of `of`, with `entity` as the entity it carries (the whole one, its kept fields or a watched one). */
const change = (kind: string, of: Record<string, unknown>, entity = of): StateChange => ({
  kind,
  id: String(of.id),
  role: String(of.role),
  from: 'REQUESTED',
  to: String(of.state),
  at: 5,
  entity,
});

/** An entity that notes every field read from it. */
function watched(entity: Record<string, unknown>, read: Set<string>): Record<string, unknown> {
  return new Proxy(entity, {
    get(target, field, receiver) {
      if (typeof field === 'string') read.add(field);
      return Reflect.get(target, field, receiver);
    },
  });
}

describe('the records of a state change', () => {
  it.each([
    ['negotiation', negotiation],
    ['transfer', transfer],
  ])('read only the fields of a %s that the outbox keeps', (kind, entity) => {
    const read = new Set<string>();
    stateChangeRecords(change(kind, entity, watched(entity, read)));
    expect([...read].filter((f) => !(CHANGE_ENTITY_FIELDS as readonly string[]).includes(f))).toEqual([]);
  });

  it.each([
    ['negotiation', negotiation],
    ['transfer', transfer],
  ])('are the same from the kept fields of a %s as from the whole entity', (kind, entity) => {
    const kept = changeEntity(entity);
    expect(Object.keys(kept).length).toBeLessThan(Object.keys(entity).length);
    expect(stateChangeRecords(change(kind, entity, kept))).toEqual(stateChangeRecords(change(kind, entity)));
  });

  it('give a TERMINATED change its reason in the webhook payload, as in the audit entry', () => {
    const records = stateChangeRecords(change('negotiation', negotiation, changeEntity(negotiation)));
    expect(records.webhook).toEqual({
      event: 'negotiation.stateChanged',
      payload: { id: 'n1', role: 'provider', from: 'REQUESTED', to: 'TERMINATED', at: 5, reason: 'the policy denied it' },
    });
    expect(records.audit.data).toMatchObject({ reason: 'the policy denied it' });
    const ended = { ...transfer, state: 'TERMINATED', terminationReason: 'the agreement was revoked' };
    expect(stateChangeRecords(change('transfer', ended, changeEntity(ended))).webhook?.payload).toMatchObject({ to: 'TERMINATED', reason: 'the agreement was revoked' });
    // No reason, no field.
    expect(stateChangeRecords(change('transfer', transfer)).webhook?.payload).toEqual({ id: 't1', role: 'consumer', from: 'REQUESTED', to: 'STARTED', at: 5 });
  });
});
