import { Module } from '@nestjs/common';

/** Live drafts (y-websocket at /collab) and live sessions (socket.io namespace /live). */
@Module({})
export class RealtimeModule {}
