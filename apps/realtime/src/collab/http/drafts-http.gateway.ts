import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { requestArrived } from '@app/core';
import { DRAFTS_HTTP_PREFIX, DraftsHttpService } from './drafts-http.service';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Serves /api/drafts/ on the Nest HTTP server's port, ahead of the framework's routing: the
 * HTTP counterpart of CollabGateway's `upgrade` listener. The same paths then answer in the
 * all-in-one platform (where the API owns `/api` with its global prefix, body parser and 404)
 * and in the realtime service alone; bodies are read here with the websocket path's limits, and
 * event streams are never held by a body parser or a compression layer.
 */
@Injectable()
export class DraftsHttpGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: Server;
  private others: RequestListener[] = [];
  private readonly listener: RequestListener = (req, res) => {
    if (req.url?.startsWith(DRAFTS_HTTP_PREFIX)) {
      // the other listeners never hear this request: the handshake timeout's among them (once
      // missed, every /api/drafts connection, event streams included, was cut at HANDSHAKE_TIMEOUT_MS)
      requestArrived(req);
      void this.drafts.handle(req, res);
      return;
    }
    for (const l of this.others) l.call(this.server, req, res);
  };

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly drafts: DraftsHttpService,
  ) {}

  onApplicationBootstrap(): void {
    this.server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!this.server) throw new Error('no HTTP server to serve /api/drafts on');
    this.others = this.server.listeners('request') as RequestListener[];
    this.server.removeAllListeners('request');
    this.server.on('request', this.listener);
  }

  onApplicationShutdown(): void {
    if (!this.server) return;
    this.server.off('request', this.listener);
    for (const l of this.others) this.server.on('request', l);
  }
}
