import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { verifyAccessToken } from '@app/contracts';
import { APP_CONFIG, AppConfig } from '@app/core';
import { clientAddress, ConnectionCounter, refuseUpgrade } from '../upgrade-guard';
import { COLLAB_PATH, CollabService } from './collab.service';

/**
 * Serves /collab on the Nest HTTP server's port: listens to its `upgrade` event and takes only
 * the paths under /collab/, leaving every other upgrade (socket.io) to its own listener. The
 * origin rule and the handshake timeout are UpgradeGuard's; the connection caps are here:
 * beyond COLLAB_MAX_CONNECTIONS_PER_USER open connections of one user (a valid token's) or
 * COLLAB_MAX_CONNECTIONS_PER_ADDRESS of one address, the upgrade is answered 429.
 */
@Injectable()
export class CollabGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Collab');
  private server?: Server;
  private readonly perUser: ConnectionCounter;
  private readonly perAddress: ConnectionCounter;
  private readonly listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!req.url?.startsWith(COLLAB_PATH) || socket.destroyed) return;
    if (!this.admit(req, socket)) return;
    try {
      this.collab.handleUpgrade(req, socket, head);
    } catch (err) {
      this.logger.error(`upgrade failed: ${(err as Error).message}`);
      socket.destroy();
    }
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly collab: CollabService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.perUser = new ConnectionCounter(config.collabMaxConnectionsPerUser);
    this.perAddress = new ConnectionCounter(config.collabMaxConnectionsPerAddress);
  }

  /** Counts the connection against its user's and its address's caps until its socket closes; false (answered 429) over a cap. */
  private admit(req: IncomingMessage, socket: Duplex): boolean {
    const address = clientAddress(req, this.config.trustProxy);
    let userId: string | null = null;
    try {
      // an invalid token is counted by address only; the service then closes it with 4401
      userId = verifyAccessToken(this.config.jwtSecret, new URL(req.url ?? '', 'http://localhost').searchParams.get('token') ?? '')?.sub ?? null;
    } catch {
      userId = null;
    }
    if (!this.perAddress.acquire(address)) {
      this.logger.warn(`/collab: over ${this.perAddress.max} connections from ${address}: refused`);
      refuseUpgrade(socket, 429, `Trop de connexions depuis cette adresse (au plus ${this.perAddress.max})`);
      return false;
    }
    if (userId !== null && !this.perUser.acquire(userId)) {
      this.perAddress.release(address);
      this.logger.warn(`/collab: over ${this.perUser.max} connections of user ${userId}: refused`);
      refuseUpgrade(socket, 429, `Trop de connexions simultanées pour ce compte (au plus ${this.perUser.max})`);
      return false;
    }
    socket.once('close', () => {
      this.perAddress.release(address);
      if (userId !== null) this.perUser.release(userId);
    });
    return true;
  }

  /** Open connections counted for a user and an address (tests). */
  counts(userId: string, address: string): { user: number; address: number } {
    return { user: this.perUser.count(userId), address: this.perAddress.count(address) };
  }

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!this.server) throw new Error('no HTTP server to attach /collab to');
    this.server.on('upgrade', this.listener);
  }

  onApplicationShutdown(): void {
    this.server?.off('upgrade', this.listener);
  }
}
