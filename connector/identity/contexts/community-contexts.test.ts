import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { createDefaultPolicyEngine, expandIri, KNOWN_ACTIONS } from '../../../policy/index.js';
import { knownContexts } from '../document-loader.js';
import { CX_POLICY_CONTEXT_URL } from './catena-x-policy-2025-9.js';
import { DSP_ODRL_PROFILE_URL } from './dsp-odrl-profile.js';
import type { LooseJson } from '../../../test/helpers/loose-json.js';

const loader = async (url: string) => {
  const document = knownContexts().get(url);
  if (!document) throw new Error(`not offline: ${url}`);
  return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
};
const ODRL = 'http://www.w3.org/ns/odrl/2/';
const CX = 'https://w3id.org/catenax/2025/9/policy/';

describe('community contexts (DSP ODRL profile, Catena-X policy 2025/9)', () => {
  it('should expand a Tractus-X access policy offline to ODRL and Catena-X IRIs', async () => {
    const body = {
      '@context': [DSP_ODRL_PROFILE_URL, CX_POLICY_CONTEXT_URL],
      '@type': 'Set',
      permission: [
        {
          action: 'access',
          constraint: {
            and: [
              { leftOperand: 'Membership', operator: 'eq', rightOperand: 'active' },
              { leftOperand: 'BusinessPartnerGroup', operator: 'isAnyOf', rightOperand: ['gold'] },
            ],
          },
        },
      ],
    };
    const [node] = (await jsonld.expand(body, { documentLoader: loader, safe: true })) as LooseJson[];
    expect(node?.['@type']).toEqual([`${ODRL}Set`]);
    const permission = node?.[`${ODRL}permission`][0];
    expect(permission[`${ODRL}action`]).toEqual([{ '@id': `${CX}access` }]);
    const [first, second] = permission[`${ODRL}constraint`][0][`${ODRL}and`];
    expect(first[`${ODRL}leftOperand`]).toEqual([{ '@id': `${CX}Membership` }]);
    expect(first[`${ODRL}operator`]).toEqual([{ '@id': `${ODRL}eq` }]);
    expect(second[`${ODRL}leftOperand`]).toEqual([{ '@id': `${CX}BusinessPartnerGroup` }]);
  });

  it('should map `use` to ODRL and define the CX-0152 operands the engine knows', async () => {
    const cx = knownContexts().get(CX_POLICY_CONTEXT_URL) as { '@context': Record<string, unknown> };
    for (const term of ['FrameworkAgreement', 'UsagePurpose', 'BusinessPartnerNumber', 'ContractReference', 'DataUsageEndDate']) {
      expect(cx['@context'][term]).toEqual({ '@id': `cx-policy:${term}` });
    }
    const dsp = knownContexts().get(DSP_ODRL_PROFILE_URL) as { '@context': Record<string, unknown> };
    expect(dsp['@context'].use).toBe('odrl:use');
    expect(dsp['@context'].permission).toEqual({ '@type': '@id', '@id': 'odrl:permission', '@container': '@set' });
  });

  it('should define only Catena-X terms the policy engine enforces: every left operand has a function, `access` is a known action', () => {
    const cx = (knownContexts().get(CX_POLICY_CONTEXT_URL) as { '@context': Record<string, unknown> })['@context'];
    const terms = Object.entries(cx)
      .filter(([k, v]) => !k.startsWith('@') && typeof v === 'object')
      .map(([k]) => k);
    expect(terms.length).toBeGreaterThan(20);
    const engine = createDefaultPolicyEngine();
    for (const term of terms) {
      const iri = expandIri(`${CX}${term}`);
      if (term === 'access') {
        expect(KNOWN_ACTIONS.has(iri)).toBe(true);
        continue;
      }
      const { problems } = engine.validate({ permission: [{ action: 'use', constraint: { leftOperand: iri, operator: 'eq', rightOperand: 'x' } }] });
      expect(problems.map((p) => p.message).join('; '), term).not.toMatch(/unknown left operand/);
    }
  });
});
