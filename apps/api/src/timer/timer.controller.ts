import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { SessionsService } from '../sessions/sessions.service';
import { SetTimerDto } from './dto/set-timer.dto';

export interface SessionTimerResponse {
  sessionId: string;
  /** When the timer runs out (ISO-8601 UTC), null when none runs. */
  endsAt: string | null;
}

/**
 * The live session's timer over REST, the same action as the live gateway's `timer:set`:
 * facilitators (and admins) start it for `seconds` or stop it with `null`; audited; every
 * watcher of the session gets the `timer` event. The current value is the session's `timerEndsAt`.
 */
@ApiTags('sessions')
@ApiBearerAuth()
@Controller('sessions/:id/timer')
export class TimerController {
  constructor(private readonly sessions: SessionsService) {}

  @Put()
  async set(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Body() dto: SetTimerDto): Promise<SessionTimerResponse> {
    const s = await this.sessions.setTimer(user, id, dto.seconds);
    return { sessionId: s.id, endsAt: s.timerEndsAt ? new Date(s.timerEndsAt).toISOString() : null };
  }
}
