import { ConnectorError, validationError } from '../../core/index.js';
import type { DspDataAddress, TransferProcess } from './transfer-process.js';

/** What a TransferRequestMessage asks for, as the provider stores it (callbackAddress already normalised). */
export interface RequestTerms {
  agreementId: string;
  format: string;
  callbackAddress: string;
  dataAddress?: DspDataAddress | undefined;
  purpose?: string | undefined;
  trainingPlan?: Record<string, unknown> | undefined;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields in which a request with an existing process's consumerPid differs from the request that made it. */
export function requestDifferences(t: TransferProcess, m: RequestTerms): string[] {
  const stored: RequestTerms = {
    agreementId: t.agreementId,
    format: t.transferType,
    callbackAddress: t.counterPartyAddress,
    dataAddress: t.dataDestination,
    purpose: t.purpose,
    trainingPlan: t.trainingPlan,
  };
  return (Object.keys(stored) as (keyof RequestTerms)[]).filter((k) => !same(stored[k], m[k]));
}

/**
 * The answer to a TransferRequestMessage whose consumerPid names a process of this caller (a retry after a lost
 * answer, or a copy that arrived at the same time): the process itself when the copy is exact and the process is
 * live, so each copy is answered with the one process. A request that differs is another request under a used pid:
 * VALIDATION_FAILED (400) naming each differing field. Once the process has ended (COMPLETED, TERMINATING,
 * TERMINATED) a copy is refused with INVALID_TRANSITION (400): the consumer has been told the end (or is about to
 * be), and a new transfer needs a new consumerPid (docs/decisions/0039-transfer-request-copies.md).
 */
export function answerCopy(existing: TransferProcess, m: RequestTerms): TransferProcess {
  const differs = requestDifferences(existing, m);
  if (differs.length > 0)
    throw validationError(
      differs.map((k) => ({ pointer: `/${k}`, message: `differs from the request that started transfer process '${existing.id}' under this consumerPid` })),
      `consumerPid '${existing.consumerPid}' names an existing transfer process that was requested with another ${differs.join(', ')}`,
    );
  if (['COMPLETED', 'TERMINATING', 'TERMINATED'].includes(existing.state))
    throw new ConnectorError('INVALID_TRANSITION', {
      detail: `the transfer process of consumerPid '${existing.consumerPid}' is ${existing.state}; a new transfer needs a new consumerPid`,
    });
  return existing;
}
