import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../common/public.decorator';
import { ListQuery } from '../common/list.query';
import { AuditService } from './audit.service';
import { toAuditEventResponse } from './audit.response';

@ApiTags('audit')
@ApiBearerAuth()
@AdminOnly()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  async list(@Query() q: ListQuery) {
    const page = await this.audit.list(q.limit, q.offset);
    return { items: page.items.map(toAuditEventResponse), total: page.total };
  }

  @Get('verify')
  verify() {
    return this.audit.verify();
  }
}
