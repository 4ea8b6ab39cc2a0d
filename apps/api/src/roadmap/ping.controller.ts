import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/public.decorator';

/** A bare route (no token, no database): the reference of `npm run bench:api`. */
@ApiTags('health')
@Controller('health')
export class PingController {
  @Public()
  @Get('ping')
  ping() {
    return { pong: true };
  }
}
