import { describe, expect, it } from 'vitest';
import { FixedClock } from '../../../core/index.js';
import { KeyRing } from '../keys/key-ring.js';
import { buildDidDocument } from './build-did-document.js';

describe('buildDidDocument', () => {
  it('should list only the current key under authentication and capabilityInvocation, every key under assertionMethod', async () => {
    const keys = KeyRing.generate(new FixedClock());
    await keys.rotate();
    await keys.rotate();
    const doc = buildDidDocument({ did: 'did:web:a.example', keys: keys.all() });
    expect(doc.verificationMethod?.map((m) => m.id)).toEqual(['did:web:a.example#key-1', 'did:web:a.example#key-2', 'did:web:a.example#key-3']);
    expect(doc.authentication).toEqual(['did:web:a.example#key-3']);
    expect(doc.capabilityInvocation).toEqual(['did:web:a.example#key-3']);
    expect(doc.assertionMethod).toEqual(['did:web:a.example#key-1', 'did:web:a.example#key-2', 'did:web:a.example#key-3']);
  });
});
