import { Organization } from '@app/database';

/** `{id,name,kind,college}`, and `siret` when the organisation has one (v2: optional). */
export function toOrganizationResponse(o: Organization) {
  return { id: o.id, name: o.name, kind: o.kind, college: o.college, ...(o.siret ? { siret: o.siret } : {}) };
}
