import { accessAllows, GROUP_ACTIONS, GroupAction, groupAllows, representsAssociation } from './access';
import { GROUP_ROLES, GroupRole } from './roles';

type Who = GroupRole | 'none';
const WHO: Who[] = [...GROUP_ROLES, 'none'];

/**
 * The whole rule as a table: for each action, who may as a plain member of the platform (by
 * group role, 'none' = not in the group) and whether an admin may when not in the group.
 * `locked` = the same on a locked recommendation.
 */
const TABLE: Record<GroupAction, { member: Record<Who, boolean>; adminOutsider: boolean; locked: Record<Who, boolean> | 'same' }> = {
  read: { member: { facilitator: true, participant: true, observer: true, none: false }, adminOutsider: true, locked: 'same' },
  watch: { member: { facilitator: true, participant: true, observer: true, none: false }, adminOutsider: true, locked: 'same' },
  contribute: { member: { facilitator: true, participant: true, observer: false, none: false }, adminOutsider: true, locked: 'same' },
  edit: {
    member: { facilitator: true, participant: true, observer: false, none: false },
    adminOutsider: false,
    locked: { facilitator: false, participant: false, observer: false, none: false },
  },
  vote: { member: { facilitator: true, participant: true, observer: true, none: false }, adminOutsider: true, locked: 'same' },
  facilitate: { member: { facilitator: true, participant: false, observer: false, none: false }, adminOutsider: true, locked: 'same' },
  runVote: { member: { facilitator: true, participant: false, observer: false, none: false }, adminOutsider: false, locked: 'same' },
  manageMembers: { member: { facilitator: true, participant: false, observer: false, none: false }, adminOutsider: true, locked: 'same' },
};

describe('the access rule (roles × actions)', () => {
  it('covers every action', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...GROUP_ACTIONS].sort());
  });

  it.each(GROUP_ACTIONS.map((a) => [a]))('%s', (action) => {
    const row = TABLE[action];
    const got: Record<string, boolean> = {};
    const want: Record<string, boolean> = {};
    for (const who of WHO) {
      const groupRole = who === 'none' ? null : who;
      got[`member/${who}`] = accessAllows(action, { platformRole: 'member', groupRole });
      want[`member/${who}`] = row.member[who];
      // an admin who is also a member has at least the member's rights, and the admin's
      got[`admin/${who}`] = accessAllows(action, { platformRole: 'admin', groupRole });
      want[`admin/${who}`] = row.member[who] || row.adminOutsider;
      const locked = row.locked === 'same' ? row.member : row.locked;
      got[`locked/member/${who}`] = accessAllows(action, { platformRole: 'member', groupRole }, { locked: true });
      want[`locked/member/${who}`] = locked[who];
      got[`locked/admin/${who}`] = accessAllows(action, { platformRole: 'admin', groupRole }, { locked: true });
      want[`locked/admin/${who}`] = row.locked === 'same' ? row.member[who] || row.adminOutsider : false;
      // the two-argument form says the same
      expect(groupAllows(action, 'member', groupRole)).toBe(got[`member/${who}`]);
    }
    expect(got).toEqual(want);
  });

  it.each([
    [{ isRepresentative: true, organizationId: 'o' }, 'association', true],
    [{ isRepresentative: true, organizationId: 'o' }, 'local_authority', false],
    [{ isRepresentative: true, organizationId: 'o' }, 'state', false],
    [{ isRepresentative: false, organizationId: 'o' }, 'association', false],
    [{ isRepresentative: true, organizationId: null }, 'association', false],
    [{ isRepresentative: true, organizationId: 'o' }, null, false],
  ] as const)('represent: %j of an organisation of kind %s → %s', (user, kind, expected) => {
    expect(representsAssociation(user, kind)).toBe(expected);
  });
});
