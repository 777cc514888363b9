/**
 * What usage control needs to know of a training whose model artifacts it keeps, shreds and proves deleted. The
 * training feature's records fit these shapes; usage control does not depend on how a training runs.
 */
export interface TrainedModel {
  readonly id: string;
  readonly planHash: string;
  readonly currentRound: number;
  /** The last round asked of the sites, saved before they were asked (it may never have closed). */
  readonly roundAsked?: number | undefined;
  readonly global: readonly number[];
  readonly checkpoints: readonly { readonly modelHash: string }[];
  readonly sites: readonly { readonly agreementId: string; readonly siteDid: string; readonly endpoint?: string | undefined }[];
}

/** A site's session in a training: whose deletion receipt it awaits, under which agreement. */
export interface ReceiptSession {
  readonly transferId: string;
  readonly agreementId: string;
  readonly coordinatorDid: string;
  readonly roundsDone: number;
  readonly createdAt: number;
}
