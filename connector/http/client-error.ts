import type { Duplex } from 'node:stream';
import { ERROR_CODES, type ErrorCode } from '../../core/index.js';
import { STATUS_BY_KIND } from './problem-status.js';

const REASON_PHRASES: Readonly<Record<number, string>> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

/** The code of a request Node's HTTP parser refused before any route saw it. */
export function clientErrorCode(error: Error & { code?: string }): ErrorCode {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'REQUEST_TIMEOUT';
  return 'MALFORMED_REQUEST';
}

/**
 * The listeners' `clientError` handler: a request Node cannot parse (a request line or headers over its limit, broken
 * HTTP, one that did not arrive in time) is answered with a complete problem+json response, as every other error is,
 * and the connection is closed. A socket that can no longer be written to, or whose response has begun, is only
 * destroyed.
 */
export function answerClientError(problemTypeBase: string | undefined): (error: Error & { code?: string }, socket: Duplex) => void {
  return (error, socket) => {
    const response = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    const code = clientErrorCode(error);
    const status = STATUS_BY_KIND[ERROR_CODES[code].kind];
    const body = JSON.stringify({ type: problemTypeBase === undefined ? 'about:blank' : `${problemTypeBase}${code}`, title: ERROR_CODES[code].title, status, code });
    const head = [
      `HTTP/1.1 ${status} ${REASON_PHRASES[status] ?? 'Bad Request'}`,
      'Content-Type: application/problem+json',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Cache-Control: no-store',
      'X-Content-Type-Options: nosniff',
      'Connection: close',
    ];
    socket.end(`${head.join('\r\n')}\r\n\r\n${body}`, () => socket.destroy());
  };
}
