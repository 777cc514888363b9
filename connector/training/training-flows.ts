import { ConnectorError, isConnectorError, type Logger } from '../../core/index.js';
import type { AssetStore } from '../../catalog/index.js';
import { httpDataAddress } from '../transfer/index.js';
import type { DspDataAddress, TransferProcess } from '../transfer/index.js';
import { checkOwnData, concealValues } from './data/check-own-data.js';
import { confinedOpener } from './data/open-own-table.js';
import { isOwnDataAddress } from './data/own-data-address.js';
import { assertPlanFitsSchema } from './data/schema-difference.js';
import type { SiteSession, SiteSessionStore } from './site/site-session.js';

export const TRAINING_ENDPOINT_TYPE = 'https://w3id.org/kontor/fl/TrainingEndpoint';
export const TRAINING_PATH = '/api/training';

/** The site's transfer id in a training endpoint it announced (`…/api/training/{id}`): what its receipts name as `transferId` (`tid` on the wire). */
export function siteTransferIdOf(endpoint: string): string | undefined {
  const last = URL.canParse(endpoint) ? new URL(endpoint).pathname.split('/').pop() : undefined;
  return last ? decodeURIComponent(last) : undefined;
}

/**
 * The provider side of a `FederatedTraining` transfer: starting it opens the site's training session for the
 * coordinator and announces the gated training endpoint (callers authenticate with DCP, rounds need round tokens);
 * ending it closes the session. A suspension pauses it: no rounds, the training session tokens opened before it
 * refused, its counters (round budget, no replaying rounds) kept for the resume; nothing is released and no deletion
 * receipt is awaited (the training has not ended). Starting it again (a resume) makes a suspended session active. Only `TrainingData` assets can be trained on, and their rows never leave. Own data is
 * checked against its schema again (every problem at once; its file only below training.dataRoot), and the plan the coordinator declared must fit that
 * schema (TRAINING_SCHEMA_MISMATCH naming each difference): a bad file or a mismatch ends the transfer before any round.
 * When the last active transfer over an asset ends, `release` lets go of what training kept of its data (cached rows
 * and the private row files of a large table: the backend's `release`).
 */
export function trainingFlows(deps: {
  sessions: SiteSessionStore;
  assets: AssetStore;
  publicUrl: string;
  /** training.dataRoot: own data is opened only below it (symbolic links followed); without it, not at all. */
  dataRoot: string | undefined;
  onEnded?: (transferId: string) => Promise<void>;
  release?: (dataset: Record<string, unknown>) => Promise<number>;
  /** Records a release that removed files (the site's audit log). */
  onReleased?: (session: SiteSession, files: number) => Promise<void>;
  logger?: Logger;
}) {
  const openOwn = confinedOpener(deps.dataRoot);
  const releaseData = async (session: SiteSession) => {
    if (!deps.release || (await deps.sessions.listLive()).some((s) => s.assetId === session.assetId)) return;
    const asset = await deps.assets.findById(session.assetId);
    if (!asset) return;
    const removed = await deps.release(asset.dataAddress);
    if (removed === 0) return;
    deps.logger?.info({ assetId: session.assetId, transferId: session.transferId, files: removed }, 'the training data kept for the ended transfer was removed (row files)');
    await deps.onReleased?.(session, removed);
  };
  return {
    async address(t: TransferProcess): Promise<DspDataAddress> {
      const asset = await deps.assets.findById(t.assetId);
      if (asset?.dataAddress.type !== 'TrainingData') throw new ConnectorError('VALIDATION_FAILED', { detail: `asset '${t.assetId}' is not a training data set` });
      if (isOwnDataAddress(asset.dataAddress)) {
        const { address } = await checkOwnData(asset.dataAddress, openOwn).catch((error: unknown) => {
          // The problems quote cell values: they stay in the site's log; the coordinator learns only that the data is bad
          // (or, for a file outside training.dataRoot, that it lies outside: no value, no location).
          if (isConnectorError(error))
            deps.logger?.warn({ assetId: t.assetId, transferId: t.id, problems: error.violations }, 'a training transfer was refused: the own data cannot be used');
          throw concealValues(error);
        });
        if (t.trainingPlan) assertPlanFitsSchema(planView(t.trainingPlan), address.schema);
      }
      const session = await deps.sessions.open({ transferId: t.id, agreementId: t.agreementId, coordinatorDid: t.counterPartyId, assetId: t.assetId });
      if (session.status === 'suspended') await deps.sessions.resume(t.id);
      const address = httpDataAddress({ endpoint: `${deps.publicUrl}${TRAINING_PATH}/${encodeURIComponent(t.id)}`, authorization: 'dcp', authType: 'dcp' });
      return { ...address, endpointType: TRAINING_ENDPOINT_TYPE };
    },
    /**
     * A transfer changed state: a training transfer we provide pauses its session when suspended, runs it again when
     * started (a consumer's resume moves us to STARTED without a new address) and ends it when it ends.
     */
    async changed(t: TransferProcess): Promise<void> {
      const step = trainingStep(t);
      if (step === 'suspend') await deps.sessions.suspend(t.id);
      else if (step === 'resume') await deps.sessions.resume(t.id);
      else if (step === 'end') await this.end(t.id);
    },
    async end(transferId: string): Promise<void> {
      const session = await deps.sessions.find(transferId);
      await deps.sessions.end(transferId);
      if (session)
        await releaseData(session).catch((error: unknown) =>
          deps.logger?.error({ err: error, assetId: session.assetId, transferId }, 'the training data kept for the ended transfer could not be removed'),
        );
      await deps.onEnded?.(transferId);
    },
  };
}

/** What a transfer's state means for the site's training session: only a training transfer we provide has one. */
export function trainingStep(t: Pick<TransferProcess, 'role' | 'transferType' | 'state'>): 'suspend' | 'resume' | 'end' | undefined {
  if (t.role !== 'provider' || t.transferType !== 'FederatedTraining') return undefined;
  if (t.state === 'SUSPENDING' || t.state === 'SUSPENDED') return 'suspend';
  if (t.state === 'STARTED') return 'resume';
  if (t.state === 'COMPLETING' || t.state === 'COMPLETED' || t.state === 'TERMINATING' || t.state === 'TERMINATED') return 'end';
  return undefined;
}

/** The parts of a declared plan (untrusted JSON from the coordinator) that must fit the site's schema. */
function planView(plan: Record<string, unknown>): { schemaHash?: string; features: string[]; label: string; classes: string[] } {
  const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    ...(typeof plan.schemaHash === 'string' ? { schemaHash: plan.schemaHash } : {}),
    features: strings(plan.features),
    label: String(plan.label),
    classes: strings(plan.classes),
  };
}
