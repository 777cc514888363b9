import { isIP } from 'node:net';
import type { Violation } from '../../core/index.js';
import { addressRange, normalizeAddress } from './address-ranges.js';

/** `localhost`, 127.0.0.0/8, ::1 (bracketed or IPv4-mapped too): a host only this machine reaches. */
export function isLoopbackHost(host: string): boolean {
  const bare = normalizeAddress(host);
  if (bare === 'localhost') return true;
  return isIP(bare) !== 0 && addressRange(bare) === 'loopback';
}

/**
 * The development identity believes any caller (`Authorization: Dev <any id>`), so it is served on loopback only:
 * a listener bound to another interface, or a public URL naming another host, is refused unless
 * `identity.dev.allowNetwork` says so (a development network of containers). Production refuses it whatever this says.
 */
export function checkDevOnLoopback(get: <T>(key: string) => T, listeners: { publicHost: string; publicUrl: string }, problems: Violation[]): void {
  const allowNetwork = get('identity.dev.allowNetwork') === true;
  if (allowNetwork && get('runtime.environment') === 'production')
    problems.push({ pointer: 'identity.dev.allowNetwork', message: 'is a development setting and is refused when NODE_ENV=production' });
  if (get('identity.kind') !== 'dev') {
    if (allowNetwork) problems.push({ pointer: 'identity.dev.allowNetwork', message: 'needs identity.kind dev' });
    return;
  }
  if (allowNetwork) return;
  const urlHost = URL.canParse(listeners.publicUrl) ? new URL(listeners.publicUrl).hostname : '';
  const exposed: [string, string, string][] = [
    ['publicApi.host', 'KONTOR_PUBLIC_HOST', listeners.publicHost],
    ['managementApi.host', 'KONTOR_MANAGEMENT_HOST', get<string>('managementApi.host')],
    ['publicApi.url', 'KONTOR_PUBLIC_URL', urlHost],
  ];
  for (const [key, env, host] of exposed) {
    if (isLoopbackHost(host)) continue;
    problems.push({
      pointer: key,
      message:
        `'${host}' is not a loopback address, and identity.kind dev lets any caller claim any identity: ` +
        `use 127.0.0.1, ::1 or localhost (${env}), or set identity.dev.allowNetwork=true (KONTOR_DEV_ALLOW_NETWORK) to serve the development identity to the network`,
    });
  }
}
