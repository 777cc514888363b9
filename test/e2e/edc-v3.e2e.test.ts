import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edcSample, HAVE_EDC_SAMPLES, NO_EDC_SAMPLES_REASON } from '../helpers/edc-samples.js';
import type { LooseJson } from '../helpers/loose-json.js';
import { startConnector, type RunningConnector } from '../helpers/start-connector.js';
import { BACKENDS } from '../helpers/test-database.js';
import { transferReached } from '../helpers/transfer-fixture.js';
import { asList, consumerReached, get, listen, post } from '../helpers/edc-v3-calls.js';

const V3 = '/management/v3';
const PAYLOAD = JSON.stringify([{ id: 1, name: 'Leanne Graham' }]);
type Json = LooseJson;

describe.skipIf(!HAVE_EDC_SAMPLES)(`EDC Management API v3 with the published sample bodies (${HAVE_EDC_SAMPLES ? 'from ../shared/edc-samples' : NO_EDC_SAMPLES_REASON})`, () => {
  describe.each(BACKENDS)('between two Kontor connectors on $backend', ({ backend, skip }) => {
    let provider: RunningConnector;
    let consumer: RunningConnector;
    let backendServer: Server;
    let sinkServer: Server;
    let backendUrl: string;
    let sinkUrl: string;
    const pushed: string[] = [];
    /** What the asset's backend was asked for (path and query). */
    const backendHits: string[] = [];
    let pushedOne: (() => void) | undefined;
    const sample = (file: string, values: Record<string, string> = {}) =>
      edcSample(file, {
        providerDid: provider.connector.config.participantId,
        values,
        addresses: {
          'http://localhost:19194/protocol/2025-1': `${provider.publicUrl}/api/dsp`,
          'https://jsonplaceholder.typicode.com/users': backendUrl,
          'http://localhost:4000/api/consumer/store': sinkUrl,
        },
      });

    beforeAll(async () => {
      if (skip) return;
      backendServer = createServer((req, res) => {
        backendHits.push(req.url ?? '');
        res.writeHead(200, { 'content-type': 'application/json' }).end(PAYLOAD);
      });
      sinkServer = createServer((req, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => (body += chunk.toString()));
        req.on('end', () => {
          pushed.push(body);
          res.writeHead(204).end();
          pushedOne?.();
        });
      });
      backendUrl = `${await listen(backendServer)}/users`;
      sinkUrl = `${await listen(sinkServer)}/api/consumer/store`;
      provider = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20 });
      consumer = await startConnector(backend, {}, { 'stateMachine.retryBaseMs': 20 });
    });
    afterAll(async () => {
      await consumer?.stop();
      await provider?.stop();
      for (const s of [backendServer, sinkServer]) await new Promise((resolve) => (s ? s.close(resolve) : resolve(undefined)));
    });

    it.skipIf(skip)(
      'should run the transfer samples end to end: asset, allow-all policy, definition, catalog, negotiation FINALIZED, pull with the raw EDR token, push',
      async () => {
        // 01 as published, with proxyPath "true": the consumer's sub-path goes to the backend (checked at the pull below).
        expect((await post(provider, '/assets', sample('01-create-asset.json'))).body).toMatchObject({ '@type': 'IdResponse', '@id': 'assetId' });
        expect((await get(provider, '/assets/assetId')).dataAddress).toMatchObject({ type: 'HttpData', proxyPath: 'true' });
        expect((await post(provider, '/policydefinitions', sample('02-create-policy.json'))).body['@id']).toBe('aPolicy');
        expect((await post(provider, '/contractdefinitions', sample('03-create-contract-definition.json'))).body['@id']).toBe('1');

        const catalog = await post(consumer, '/catalog/request', sample('04-fetch-catalog.json'));
        expect(catalog.status).toBe(200);
        expect(catalog.body['@type']).toBe('dcat:Catalog');
        const dataset = asList(catalog.body['dcat:dataset']).find((d) => d['@id'] === 'assetId') as Json;
        const offerId = asList(dataset['odrl:hasPolicy'])[0]?.['@id'] as string;
        const one = await post(consumer, '/catalog/dataset/request', sample('05-get-dataset.json'));
        expect(one.body).toMatchObject({ '@id': 'assetId', '@type': 'dcat:Dataset' });

        const finalized = consumerReached(consumer, 'FINALIZED');
        const started = await post(consumer, '/contractnegotiations', sample('06-negotiate-contract.json', { '{{contract-offer-id}}': offerId }));
        expect(started.status, JSON.stringify(started.body)).toBe(200);
        const negotiationId = started.body['@id'] as string;
        expect((await finalized).id).toBe(negotiationId);
        const negotiation = await get(consumer, `/contractnegotiations/${encodeURIComponent(negotiationId)}`);
        expect(negotiation).toMatchObject({ '@type': 'ContractNegotiation', state: 'FINALIZED', type: 'CONSUMER' });
        expect((await get(consumer, `/contractnegotiations/${encodeURIComponent(negotiationId)}/state`)).state).toBe('FINALIZED');
        const agreementId = negotiation.contractAgreementId as string;
        expect(await get(consumer, `/contractnegotiations/${encodeURIComponent(negotiationId)}/agreement`)).toMatchObject({ '@id': agreementId, assetId: 'assetId' });
        expect((await get(consumer, `/contractagreements/${encodeURIComponent(agreementId)}`))['@type']).toBe('ContractAgreement');

        // Pull: STARTED, then the data fetched with the EDR's authorization as the raw header value, as EDC clients send it.
        const pullStarted = transferReached(consumer, (e) => e.role === 'consumer' && e.to === 'STARTED');
        const pull = await post(consumer, '/transferprocesses', sample('08-start-transfer-pull.json', { '{{contract-agreement-id}}': agreementId }));
        expect(pull.status, JSON.stringify(pull.body)).toBe(200);
        expect((await pullStarted).id).toBe(pull.body['@id']);
        const pullId = encodeURIComponent(pull.body['@id'] as string);
        expect((await get(consumer, `/transferprocesses/${pullId}/state`)).state).toBe('STARTED');
        const entries = (
          await post(consumer, '/edrs/request', {
            '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
            '@type': 'QuerySpec',
            filterExpression: [{ operandLeft: 'agreementId', operator: '=', operandRight: agreementId }],
          })
        ).body as unknown as Json[];
        expect(entries.map((e) => e.transferProcessId)).toEqual([pull.body['@id']]);
        const edr = await get(consumer, `/edrs/${pullId}/dataaddress`);
        const data = await fetch(edr.endpoint as string, { headers: { authorization: edr.authorization as string } });
        expect(data.status).toBe(200);
        expect(await data.text()).toBe(PAYLOAD);
        // proxyPath "true": a sub-path reaches the backend below its base URL; the query is refused (proxyQueryParams is off).
        expect((await fetch(`${edr.endpoint as string}/1`, { headers: { authorization: edr.authorization as string } })).status).toBe(200);
        expect((await fetch(`${edr.endpoint as string}/1?a=b`, { headers: { authorization: edr.authorization as string } })).status).toBe(400);
        expect(backendHits).toEqual(['/users', '/users/1']);
        expect((await fetch(edr.endpoint as string, { headers: { authorization: `Bearer ${edr.authorization as string}` } })).status).toBe(200);
        expect((await fetch(edr.endpoint as string, { headers: { authorization: `Basic ${edr.authorization as string}` } })).status).toBe(401);

        // Suspended and resumed through v3: no data while suspended; after the consumer's own resume the token from
        // before works again (the resume brings the consumer no new one), and the EDR read again brings a fresh one.
        // Both sides: the provider is SUSPENDED when the message arrives, the consumer only once the provider answered it.
        const suspended = Promise.all([
          transferReached(provider, (e) => e.role === 'provider' && e.to === 'SUSPENDED'),
          transferReached(consumer, (e) => e.id === pull.body['@id'] && e.to === 'SUSPENDED'),
        ]);
        expect(
          (
            await post(consumer, `/transferprocesses/${pullId}/suspend`, {
              '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
              '@type': 'SuspendTransfer',
              reason: 'pause',
            })
          ).status,
        ).toBe(204);
        await suspended;
        expect((await fetch(edr.endpoint as string, { headers: { authorization: edr.authorization as string } })).status).toBe(403);
        const resumed = transferReached(consumer, (e) => e.id === pull.body['@id'] && e.to === 'STARTED');
        // A resume carries nothing but its type: a reason would be read nowhere, so it is refused and nothing changes.
        const withReason = { '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' }, '@type': 'ResumeTransfer', reason: 'ignored?' };
        expect((await post(consumer, `/transferprocesses/${pullId}/resume`, withReason)).status).toBe(400);
        expect((await post(consumer, `/transferprocesses/${pullId}/resume`, undefined)).status).toBe(204);
        await resumed;
        expect((await fetch(edr.endpoint as string, { headers: { authorization: edr.authorization as string } })).status).toBe(200);
        const fresh = await get(consumer, `/edrs/${pullId}/dataaddress`);
        expect(fresh.authorization).not.toBe(edr.authorization);
        expect((await fetch(fresh.endpoint as string, { headers: { authorization: fresh.authorization as string } })).status).toBe(200);
        const finalizedOnes = (
          await post(consumer, '/contractnegotiations/request', {
            '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
            filterExpression: [{ operandLeft: 'state', operator: '=', operandRight: 'FINALIZED' }],
          })
        ).body as unknown as Json[];
        expect(finalizedOnes.map((n) => n['@id'])).toEqual([negotiationId]);
        const agreements = (await post(consumer, '/contractagreements/request', undefined)).body as unknown as Json[];
        expect(agreements.map((a) => a['@id'])).toEqual([agreementId]);

        // Push: the provider sends the asset to the destination the sample names.
        const received = new Promise<void>((resolve) => (pushedOne = resolve));
        const pushStarted = transferReached(consumer, (e) => e.role === 'consumer' && e.to === 'STARTED' && e.id !== pull.body['@id']);
        const push = await post(consumer, '/transferprocesses', sample('07-start-transfer-push.json', { '{{contract-agreement-id}}': agreementId }));
        expect(push.status, JSON.stringify(push.body)).toBe(200);
        expect((await pushStarted).id).toBe(push.body['@id']);
        await received;
        expect(pushed).toEqual([PAYLOAD]);

        // Terminated through v3: the token stops working.
        const ended = transferReached(consumer, (e) => e.id === pull.body['@id'] && e.to === 'TERMINATED');
        expect(
          (
            await post(consumer, `/transferprocesses/${pullId}/terminate`, {
              '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
              '@type': 'TerminateTransfer',
              reason: 'done',
            })
          ).status,
        ).toBe(204);
        await ended;
        expect((await fetch(fresh.endpoint as string, { headers: { authorization: fresh.authorization as string } })).status).toBe(403);
      },
    );
    it.skipIf(skip)(
      'should run the policy samples: the full-IRI selector selects the asset it names, an operand Kontor lacks is named, the contract request goes out',
      async () => {
        expect((await post(provider, '/assets', sample('p01-create-asset.json'))).body['@id']).toBe('test-document');
        // EDC's sample registers a Java function for `location`; Kontor has none, so the policy is refused naming the operand.
        const euPolicy = await post(provider, '/policydefinitions', sample('p02-create-policy.json'));
        expect(euPolicy.status).toBe(400);
        expect(euPolicy.body.errors).toEqual([expect.objectContaining({ pointer: '/policy/permission/0/constraint/leftOperand', message: expect.stringMatching(/location/) })]);
        expect((await provider.api('/api/v1/policies', { method: 'POST', json: { id: 'eu-policy', policy: { '@type': 'Set', permission: [{ action: 'use' }] } } })).status).toBe(
          201,
        );
        expect((await provider.api(`${V3}/contractdefinitions/1`, { method: 'DELETE' })).status).toBe(204);
        expect((await post(provider, '/contractdefinitions', sample('p03-create-contract-definition.json'))).status).toBe(200);
        const definition = await get(provider, '/contractdefinitions/1');
        expect(definition.assetsSelector).toEqual({ '@type': 'Criterion', operandLeft: 'https://w3id.org/edc/v0.0.1/ns/id', operator: '=', operandRight: 'test-document' });

        const catalog = await post(consumer, '/catalog/request', sample('p04-catalog-request.json'));
        const offered = asList(catalog.body['dcat:dataset'])
          .filter((d) => asList(d['odrl:hasPolicy']).some((o) => String(o['@id']).includes(':1:')))
          .map((d) => d['@id']);
        expect(offered).toEqual(['test-document']);
        // The sample's offer id is not one the provider made: the request goes out and the provider refuses it.
        const terminated = consumerReached(consumer, 'TERMINATED');
        const request = await post(consumer, '/contractnegotiations', sample('p05-contract-request.json'));
        expect(request.status, JSON.stringify(request.body)).toBe(200);
        expect((await terminated).id).toBe(request.body['@id']);
      },
    );

    it.skipIf(skip)(
      'should take the Tractus-X HttpData asset (oauth2, header, proxy switches) and policies, refuse what it cannot honour naming the field, and keep offers whose Catena-X access policy fails out of the catalog',
      async () => {
        const tx01 = await post(
          provider,
          '/assets',
          sample('tx01-create-asset-httpdata-oauth2.json', {
            "{% uuid 'v4' %}": 'tx-asset',
            '{{ _.asset_type }}': 'https://w3id.org/catenax/taxonomy#Batch',
            '{{ _.asset_version }}': '3.0',
            '{{ _.url_keycl_backend }}': 'http://127.0.0.1:9/token',
            '{{ _.client_id_backend }}': 'client',
            '{{ _.sec_name_vault }}': 'secret-alias',
          }),
        );
        expect(tx01.body).toMatchObject({ '@type': 'IdResponse', '@id': 'tx-asset' });
        // The extra header's value and the secret reference are write-only, as every secret-looking option.
        expect((await get(provider, '/assets/tx-asset')).dataAddress).toEqual({
          '@type': 'DataAddress',
          type: 'HttpData',
          baseUrl: 'https://mycorp.org/api',
          'oauth2:tokenUrl': '<redacted>',
          'oauth2:clientId': 'client',
          'oauth2:clientSecretKey': '<redacted>',
          proxyQueryParams: 'true',
          proxyPath: 'false',
          proxyMethod: 'true',
          'header:customHeaderKey': '<redacted>',
        });
        // The Catena-X policies: tx02 and tx05 as published; tx04 lists "BPN6789" and "..." where partner numbers go, which
        // the Catena-X profile (BPNL + 12 characters) refuses too, so it is named, then taken with a partner number filled in.
        expect((await post(provider, '/policydefinitions', sample('tx02-policy-membership-deg-access.json'))).body['@id']).toBe('membership-deg');
        expect((await post(provider, '/policydefinitions', sample('tx05-policy-cx-usage.json', { '{{POLICY_ID}}': 'cx-usage' }))).body['@id']).toBe('cx-usage');
        const tx04 = await post(provider, '/policydefinitions', sample('tx04-policy-bpn-access.json', { '{{POLICY_ID}}': 'cx-bpn' }));
        expect(tx04.status).toBe(400);
        expect(tx04.body.errors).toEqual([
          expect.objectContaining({ pointer: '/policy/permission/0/constraint/rightOperand', message: expect.stringMatching(/'BPN6789' is not a BPN/) }),
          expect.objectContaining({ message: expect.stringMatching(/'\.\.\.' is not a BPN/) }),
        ]);
        expect(
          (await post(provider, '/policydefinitions', sample('tx04-policy-bpn-access.json', { '{{POLICY_ID}}': 'cx-bpn', '"BPN6789", "..."': '"BPNL000000000001"' }))).body['@id'],
        ).toBe('cx-bpn');
        for (const id of ['myAccessPolicyId', 'myContractPolicyId'])
          expect((await provider.api('/api/v1/policies', { method: 'POST', json: { id, policy: { '@type': 'Set', permission: [{ action: 'use' }] } } })).status).toBe(201);
        expect((await post(provider, '/contractdefinitions', sample('tx03-create-contract-definition.json'))).body['@id']).toBe('myContractDefinitionId');
        const found = (
          await post(provider, '/contractdefinitions/request', {
            '@context': { '@vocab': 'https://w3id.org/edc/v0.0.1/ns/' },
            filterExpression: [{ operandLeft: 'accessPolicyId', operator: '=', operandRight: 'myAccessPolicyId' }],
          })
        ).body as unknown as Json[];
        expect(found.map((d) => d['@id'])).toEqual(['myContractDefinitionId']);

        // Enforced in the catalog: the consumer (an active member, dev identity) holds no framework agreement and no BPN, so
        // tx02's and tx04's offers stay out of its catalog, while a Catena-X Membership-only access policy lets it see the asset.
        const cx = ['https://w3id.org/dspace/2025/1/odrl-profile.jsonld', 'https://w3id.org/catenax/2025/9/policy/context.jsonld'];
        expect(
          (
            await provider.api('/api/v1/policies', {
              method: 'POST',
              json: {
                id: 'cx-member',
                policy: { '@context': cx, permission: [{ action: 'access', constraint: { leftOperand: 'Membership', operator: 'eq', rightOperand: 'active' } }] },
              },
            })
          ).status,
        ).toBe(201);
        for (const [id, access] of [
          ['cx-a', 'membership-deg'],
          ['cx-b', 'cx-bpn'],
          ['cx-c', 'cx-member'],
        ] as const) {
          expect(
            (await provider.api('/api/v1/assets', { method: 'POST', json: { id, properties: { title: id }, dataAddress: { type: 'HttpData', baseUrl: backendUrl } } })).status,
          ).toBe(201);
          expect(
            (
              await provider.api('/api/v1/contract-definitions', {
                method: 'POST',
                json: { id: `def-${id}`, accessPolicyId: access, contractPolicyId: 'cx-usage', assetsSelector: [{ operandLeft: 'id', operator: '=', operandRight: id }] },
              })
            ).status,
          ).toBe(201);
        }
        const catalog = await post(consumer, '/catalog/request', sample('04-fetch-catalog.json'));
        expect(catalog.status).toBe(200);
        expect(
          asList(catalog.body['dcat:dataset'])
            .map((d) => d['@id'])
            .filter((id) => String(id).startsWith('cx-')),
        ).toEqual(['cx-c']);
      },
    );
  });
});
