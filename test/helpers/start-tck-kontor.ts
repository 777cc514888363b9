import { startConnector, type RunningConnector } from './start-connector.js';
import { TCK_AUTHORIZATION } from './tck-peer.js';

/** The participant id the TCK's sample properties give the connector under test. */
export const CUT = 'CONNECTOR_UNDER_TEST';
const FIXTURES = new URL('../../examples/tck/fixtures.json', import.meta.url).pathname;

/** Kontor as the TCK drives it: TCK mode on, the shipped fixtures seeded, the TCK's fixed header believed. */
export function startTckKontor(): Promise<RunningConnector> {
  return startConnector(
    'sqlite',
    {},
    {
      participantId: CUT,
      'tck.enabled': true,
      'tck.fixtureFile': FIXTURES,
      'identity.dev.fixedAuthorization': TCK_AUTHORIZATION,
      'stateMachine.retryBaseMs': 5,
      'stateMachine.idleWaitMs': 50,
    },
  );
}
