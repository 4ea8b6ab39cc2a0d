import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@app/core';
import { DraftStore } from '@app/database';
import { COLLAB_CONFIG, loadCollabConfig } from './collab.config';
import { CollabAccess } from './collab-access';
import { CollabGateway } from './collab.gateway';
import { CollabRelay } from './collab-relay';
import { CollabService } from './collab.service';
import { DemoDrafts } from './demo-drafts';

/** Live drafts: the y-websocket server at /collab, its persistence, its Redis relay, the demo drafts. */
@Module({
  providers: [
    { provide: COLLAB_CONFIG, useFactory: () => loadCollabConfig() },
    {
      provide: DraftStore,
      // prepared statements on a real PostgreSQL only (DATABASE_URL set), not on the embedded PGlite
      useFactory: (ds: DataSource, config: AppConfig) => new DraftStore(ds, { preparedStatements: !!config.databaseUrl }),
      inject: [getDataSourceToken(), APP_CONFIG],
    },
    CollabAccess,
    CollabRelay,
    CollabService,
    CollabGateway,
    DemoDrafts,
  ],
  exports: [CollabService, DraftStore],
})
export class CollabModule {}
