import { canonicalJson, offerContentHash, offerCredentialSubject, type DcatDataset, type OdrlOffer } from '../../catalog/index.js';
import { VC_V2_CONTEXT, xsdDateTime } from './offer-credential.js';
import { KONTOR_CONTEXT_V1_URL } from '../identity/index.js';

/**
 * An offer as a Gaia-X style credential (Trust Framework vocabulary, `gx:` = https://w3id.org/gaia-x/development#):
 * a `gx:ServiceOffering` (the DSP endpoint, the ODRL offer as `gx:policy`, terms = the offer's content hash) and
 * the `gx:DataResource` it exposes (the dataset). Not a Gaia-X compliance credential: no Clearing House signed it,
 * and `gx:containsPII` is only stated when the asset says so.
 */
export function gaiaXOffering(input: {
  id: string;
  provider: string;
  dspUrl: string;
  dataset: DcatDataset;
  offer: OdrlOffer;
  containsPII: boolean | undefined;
  issuedAt: number;
}): Record<string, unknown> {
  const { dataset, offer, provider } = input;
  const offering = `${offer['@id']}#service-offering`;
  const str = (key: string) => (typeof dataset[key] === 'string' ? { [key.replace(/^dct?:|^dcat:/, 'gx:')]: dataset[key] } : {});
  const mediaType = dataset.distribution.map((d) => d['dcat:mediaType']).find((m) => typeof m === 'string');
  return {
    '@context': [VC_V2_CONTEXT, KONTOR_CONTEXT_V1_URL],
    id: input.id,
    type: ['VerifiableCredential'],
    issuer: provider,
    validFrom: xsdDateTime(input.issuedAt),
    credentialSubject: [
      {
        id: offering,
        type: 'gx:ServiceOffering',
        'gx:providedBy': { id: provider },
        'gx:name': dataset['dct:title'],
        'gx:keyword': dataset['dcat:keyword'] ?? [],
        'gx:policy': [canonicalJson(offer)],
        'gx:termsAndConditions': [
          { 'gx:URL': `${input.dspUrl}/catalog/datasets/${encodeURIComponent(dataset['@id'])}`, 'gx:hash': offerContentHash(offerCredentialSubject(dataset, offer)) },
        ],
        'gx:dataAccountExport': [{ 'gx:requestType': 'API', 'gx:accessType': 'digital', 'gx:formatType': typeof mediaType === 'string' ? mediaType : 'application/octet-stream' }],
        'gx:endpoint': { 'gx:endpointURL': input.dspUrl, 'gx:standardConformity': 'Dataspace Protocol 2025-1' },
        'gx:aggregationOfResources': [{ id: `${offer['@id']}#data-resource` }],
      },
      {
        id: `${offer['@id']}#data-resource`,
        type: 'gx:DataResource',
        'gx:name': dataset['dct:title'],
        ...str('dct:description'),
        'gx:producedBy': { id: provider },
        'gx:copyrightOwnedBy': [{ id: provider }],
        'gx:exposedThrough': [{ id: offering }],
        'gx:license': [typeof dataset['dct:license'] === 'string' ? dataset['dct:license'] : 'proprietary'],
        'gx:identifier': dataset['@id'],
        ...(input.containsPII === undefined ? {} : { 'gx:containsPII': input.containsPII }),
      },
    ],
  };
}
