import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { TimerController } from './timer.controller';

/** PUT /api/sessions/:id/timer (the service method is SessionsService.setTimer, shared with the live gateway). */
@Module({ imports: [SessionsModule], controllers: [TimerController] })
export class TimerModule {}
