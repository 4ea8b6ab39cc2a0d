import { Module } from '@nestjs/common';
import { CollabModule } from './collab/collab.module';
import { LiveModule } from './live/live.module';
import { UpgradeGuard } from './upgrade-guard';

/** Live drafts (y-websocket at /collab) and live sessions (socket.io namespace /live), behind the upgrade guard. */
@Module({ imports: [CollabModule, LiveModule], providers: [UpgradeGuard] })
export class RealtimeModule {}
