import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ORGANIZATION_KINDS, OrganizationKind } from '@app/domain';
import { ListQuery } from '../../common/list.query';

export class ListOrganizationsQuery extends ListQuery {
  @ApiPropertyOptional({ enum: ORGANIZATION_KINDS })
  @IsOptional() @IsIn(ORGANIZATION_KINDS)
  kind?: OrganizationKind;
}
