import { GROUP_ROLES, GroupRole } from '@app/domain';
import { GroupAction, groupAllows } from './group-policy';

describe('group policy', () => {
  const table: Record<GroupAction, Record<GroupRole | 'none', boolean>> = {
    read: { facilitator: true, participant: true, observer: true, none: false },
    contribute: { facilitator: true, participant: true, observer: false, none: false },
    facilitate: { facilitator: true, participant: false, observer: false, none: false },
    manageMembers: { facilitator: true, participant: false, observer: false, none: false },
  };

  it.each(Object.keys(table) as GroupAction[])('%s: by group role for members, always for admins', (action) => {
    for (const role of [...GROUP_ROLES, 'none'] as const) {
      const groupRole = role === 'none' ? null : role;
      expect([role, groupAllows(action, 'member', groupRole)]).toEqual([role, table[action][role]]);
      expect(groupAllows(action, 'admin', groupRole)).toBe(true);
    }
  });
});
