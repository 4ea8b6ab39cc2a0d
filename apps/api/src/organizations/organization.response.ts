import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { College, OrganizationKind } from '@app/domain';
import { ApiEnum } from '../common/openapi';
import { Organization } from '@app/database';

/** `{id,name,kind,college}`, and `siret` when the organisation has one (v2: optional). */
export class OrganizationResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiEnum('OrganizationKind') kind: OrganizationKind;
  @ApiEnum('College', { description: 'derived from `kind`' }) college: College;
  @ApiPropertyOptional({ pattern: '^[0-9]{14}$' }) siret?: string;
}

export function toOrganizationResponse(o: Organization): OrganizationResponse {
  return { id: o.id, name: o.name, kind: o.kind, college: o.college, ...(o.siret ? { siret: o.siret } : {}) };
}
