import { Module } from '@nestjs/common';
import { LiveAccess } from './live.access';
import { LiveGateway } from './live.gateway';
import { LiveRelay } from './live.relay';

/** Live sessions: the socket.io gateway (`/live`) and the relay of the API's bus events. */
@Module({ providers: [LiveAccess, LiveRelay, LiveGateway] })
export class LiveModule {}
