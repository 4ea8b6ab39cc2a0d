import { Organization } from '@app/database';

export function toOrganizationResponse(o: Organization) {
  return { id: o.id, name: o.name, kind: o.kind, college: o.college, siret: o.siret ?? null };
}
