import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DraftStore } from '@app/database';
import { COLLAB_CONFIG, loadCollabConfig } from './collab.config';
import { CollabAccess } from './collab-access';
import { CollabGateway } from './collab.gateway';
import { CollabRelay } from './collab-relay';
import { CollabService } from './collab.service';
import { DemoDrafts } from './demo-drafts';
import { DraftsHttpGateway } from './http/drafts-http.gateway';
import { DraftsHttpService } from './http/drafts-http.service';

/** Live drafts: the y-websocket server at /collab, the HTTP transport at /api/drafts, its persistence, its Redis relay, the demo drafts. */
@Module({
  providers: [
    { provide: COLLAB_CONFIG, useFactory: () => loadCollabConfig() },
    { provide: DraftStore, useFactory: (ds: DataSource) => new DraftStore(ds), inject: [getDataSourceToken()] },
    CollabAccess,
    CollabRelay,
    CollabService,
    CollabGateway,
    DemoDrafts,
    DraftsHttpService,
    DraftsHttpGateway,
  ],
  exports: [CollabService, DraftStore, DraftsHttpService],
})
export class CollabModule {}
