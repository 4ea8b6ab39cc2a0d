import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { ODT_MIME } from '../documents/odt.writer';
import { MinutesQuery } from './dto/minutes.query';
import { MinutesService } from './minutes.service';

@ApiTags('minutes')
@ApiBearerAuth()
@Controller('sessions/:id/minutes')
export class MinutesController {
  constructor(private readonly minutes: MinutesService) {}

  @ApiOperation({ summary: 'Minutes of a session (members): agenda, versions voted on, votes and results, positions received' })
  @ApiProduces('text/markdown', 'application/pdf', ODT_MIME)
  @Get()
  async get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Query() q: MinutesQuery): Promise<StreamableFile> {
    if (q.format === 'pdf') {
      const pdf = await this.minutes.pdf(user, id);
      return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="compte-rendu-${id}.pdf"`, length: pdf.length });
    }
    if (q.format === 'odt') {
      const odt = await this.minutes.odt(user, id);
      return new StreamableFile(odt, { type: ODT_MIME, disposition: `attachment; filename="compte-rendu-${id}.odt"`, length: odt.length });
    }
    const md = Buffer.from(await this.minutes.markdown(user, id), 'utf8');
    return new StreamableFile(md, { type: 'text/markdown; charset=utf-8', disposition: `inline; filename="compte-rendu-${id}.md"`, length: md.length });
  }
}
