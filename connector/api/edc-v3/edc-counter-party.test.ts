import { describe, expect, it } from 'vitest';
import { isConnectorError } from '../../../core/index.js';
import { expandBody } from './edc-expand.js';
import { counterParty } from './edc-counter-party.js';
import { EdcNode } from './edc-node.js';

const party = async (counterPartyAddress: string) =>
  counterParty(
    new EdcNode(
      await expandBody({
        '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
        counterPartyAddress,
        counterPartyId: 'did:web:provider.test',
        protocol: 'dataspace-protocol-http:2025-1',
      }),
    ),
  );

describe('counterParty (EDC v3 catalog and negotiation requests)', () => {
  it('should take a DSP base URL', async () => {
    expect(await party('https://provider.test/api/dsp')).toEqual({ counterPartyAddress: 'https://provider.test/api/dsp', counterPartyId: 'did:web:provider.test' });
  });

  it('should refuse a counterPartyAddress with a query, a fragment or credentials, naming it', async () => {
    for (const address of ['https://provider.test/api/dsp?tenant=a', 'https://provider.test/api/dsp#f', 'https://user:pw@provider.test/api/dsp']) {
      const error = await party(address).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isConnectorError(error) && error.code).toBe('VALIDATION_FAILED');
      expect(isConnectorError(error) && error.violations?.map((v) => v.pointer)).toEqual(['/counterPartyAddress']);
    }
  });
});
