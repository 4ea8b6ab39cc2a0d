import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../common/current-user';
import { UuidParam } from '../common/uuid.pipe';
import { VersionNumber, VersionNumberPipe } from '../versions/version-number.pipe';
import { ProvenanceService } from './provenance.service';
import { ProvenanceResponse } from './provenance.response';

@ApiTags('versions')
@ApiBearerAuth()
@Controller('recommendations/:id/versions/:number/provenance')
export class ProvenanceController {
  constructor(private readonly provenance: ProvenanceService) {}

  @ApiOkResponse({ type: ProvenanceResponse })
  @ApiOperation({ summary: 'Who wrote each sentence of the version, with organisation and college; shares by college' })
  @Get()
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParam) id: string, @Param('number', VersionNumberPipe) number: VersionNumber) {
    return this.provenance.ofVersion(user, id, number);
  }
}
