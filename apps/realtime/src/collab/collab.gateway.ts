import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { COLLAB_PATH, CollabService } from './collab.service';

/**
 * Serves /collab on the Nest HTTP server's port: listens to its `upgrade` event and takes only
 * the paths under /collab/, leaving every other upgrade (socket.io) to its own listener.
 */
@Injectable()
export class CollabGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Collab');
  private server?: Server;
  private readonly listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!req.url?.startsWith(COLLAB_PATH)) return;
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
  ) {}

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!this.server) throw new Error('no HTTP server to attach /collab to');
    this.server.on('upgrade', this.listener);
  }

  onApplicationShutdown(): void {
    this.server?.off('upgrade', this.listener);
  }
}
