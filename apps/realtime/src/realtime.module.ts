import { Module } from '@nestjs/common';
import { CollabModule } from './collab/collab.module';
import { LiveModule } from './live/live.module';

/** Live drafts (y-websocket at /collab) and live sessions (socket.io namespace /live). */
@Module({ imports: [CollabModule, LiveModule] })
export class RealtimeModule {}
