import type { RequestListener } from 'node:http';
import type { Server as TlsServer } from 'node:tls';
import type { Logger } from '../../../core/index.js';
import type { KontorConfig } from '../../config/kontor-config.js';
import { tlsServing } from '../../config/tls-config.js';
import { listen, type Listening } from '../listen.js';
import { readTlsMaterial } from './tls-material.js';
import { createTlsReloader, type TlsReloader } from './tls-reloader.js';

export interface ServedListeners {
  management: Listening;
  public: Listening;
  /** Checks the certificate files now (the timer does it every tls.reloadIntervalMs); undefined without HTTPS. */
  tlsReloader: TlsReloader | undefined;
  close(graceMs: number): Promise<void>;
}

/**
 * The management and public listeners of a connector or an authority: the public one over HTTPS when a
 * certificate is configured (the management one too with tls.management), with the certificate reloaded when
 * its files change.
 */
export async function serveListeners(
  apps: { management: RequestListener; public: RequestListener },
  config: Pick<KontorConfig, 'managementApi' | 'publicApi' | 'tls'>,
  logger: Logger,
): Promise<ServedListeners> {
  const secure = tlsServing(config.tls) ? readTlsMaterial(config.tls) : undefined;
  const typeBase = config.managementApi.problemTypeBase;
  const management = await listen(apps.management, config.managementApi.host, config.managementApi.port, config.tls.management ? secure : undefined, typeBase);
  const pub = await listen(apps.public, config.publicApi.host, config.publicApi.port, secure, typeBase).catch(async (error: unknown) => {
    await management.close(0);
    throw error;
  });
  const servers = secure ? [pub.server, ...(config.tls.management ? [management.server] : [])] : [];
  const tlsReloader = secure ? createTlsReloader(config.tls, servers as TlsServer[], logger) : undefined;
  tlsReloader?.start(config.tls.reloadIntervalMs);
  return {
    management,
    public: pub,
    tlsReloader,
    close: async (graceMs) => {
      tlsReloader?.stop();
      await Promise.all([management.close(graceMs), pub.close(graceMs)]);
    },
  };
}
