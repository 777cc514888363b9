import { validationError, type Violation } from '../../../core/index.js';
import { headerValueProblem } from '../../http/header-value.js';
import type { InitiateTransfer } from '../../transfer/index.js';

/** Where each checked field is in the body the client sent (EDC v3 names the destination's fields differently). */
export interface TransferInputPointers {
  endpoint: string;
  authorization: string;
  authType: string;
}

const V1_POINTERS: TransferInputPointers = {
  endpoint: '/dataDestination/endpoint',
  authorization: '/dataDestination/authorization',
  authType: '/dataDestination/authType',
};

/** Whether the URL carries `user:password@` (false for no URL at all: the schema refuses that). */
function hasUserInfo(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.username !== '' || parsed.password !== '';
  } catch {
    return false;
  }
}

/**
 * Why a peer's DSP base URL cannot be one, or undefined: Kontor appends the message paths to it, so a query or a
 * fragment would break every call, and `user:password@` is no credential DSP sends (fetch refuses such a URL).
 */
export function dspBaseUrlProblem(address: string): string | undefined {
  if (/[?#]/.test(address)) return 'must be the DSP base URL without a query or fragment: message paths are appended to it';
  if (hasUserInfo(address)) return 'must not carry credentials (user:password@)';
  return undefined;
}

/**
 * What a schema cannot say about a transfer input (after it): the provider's DSP base URL takes no query or fragment
 * (its message paths are appended to it) and no credentials; the push destination carries no `user:password@` (it
 * would be stored, shown and sent on to the provider, which refuses it: the credential goes in `authorization`);
 * `authorization` and `authType` become a header value, so they follow the header-value rule.
 */
export function transferInputProblems(input: InitiateTransfer, pointers: TransferInputPointers = V1_POINTERS): Violation[] {
  const found: Violation[] = [];
  const addressProblem = input.counterPartyAddress === undefined ? undefined : dspBaseUrlProblem(input.counterPartyAddress);
  if (addressProblem) found.push({ pointer: '/counterPartyAddress', message: addressProblem });
  const destination = input.dataDestination;
  if (destination && hasUserInfo(destination.endpoint))
    found.push({ pointer: pointers.endpoint, message: 'must not carry credentials (user:password@): give the credential as the authorization' });
  for (const field of ['authorization', 'authType'] as const) {
    const value = destination?.[field];
    const problem = value === undefined ? undefined : headerValueProblem(value);
    if (problem) found.push({ pointer: pointers[field], message: `is sent as a header value: ${problem}` });
  }
  return found;
}

/** The input, or VALIDATION_FAILED naming each problem of transferInputProblems. */
export function checkTransferInput(input: InitiateTransfer, pointers?: TransferInputPointers): InitiateTransfer {
  const found = transferInputProblems(input, pointers);
  if (found.length > 0) throw validationError(found);
  return input;
}
