export const PLATFORM_ROLES = ['admin', 'member'] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export const ORGANIZATION_KINDS = ['state', 'local_authority', 'association', 'other'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const COLLEGES = ['state', 'local', 'civil'] as const;
export type College = (typeof COLLEGES)[number];

export function collegeOf(kind: OrganizationKind): College {
  switch (kind) {
    case 'state':
      return 'state';
    case 'local_authority':
    case 'association':
      return 'local';
    case 'other':
      return 'civil';
  }
}

export const GROUP_ROLES = ['facilitator', 'participant', 'observer'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
