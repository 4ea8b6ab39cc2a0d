import fc from 'fast-check';
import { ErrorCode } from '../errors';
import { GRADES } from '../tally/grades';
import { APPROVAL_CHOICES, VOTE_METHODS, VoteMethodName } from '../tally/types';
import {
  admitBallot,
  alreadyVoted,
  ballotAuditData,
  ballotContent,
  BallotInput,
  BallotOption,
  BallotRequestContext,
  ballotVoterId,
  checkReceipt,
  isReceiptFormat,
  voterKeyOf,
} from './ballot';
import { refusal } from './expect-error';

const O1 = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const O2 = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const V1 = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const OTHER = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';

const single: BallotOption[] = [{ id: O1, versionId: V1 }];
const labelled: BallotOption[] = [{ id: O1, versionId: null }];
const two: BallotOption[] = [
  { id: O1, versionId: V1 },
  { id: O2, versionId: null },
];

type Row = [string, VoteMethodName, BallotOption[], BallotInput, object | string];

describe('ballot content per method (400 with the reason)', () => {
  it.each<Row>([
    // approval
    ['approval for', 'approval', single, { choice: 'for' }, { optionId: O1, choice: 'for' }],
    ['approval against', 'approval', single, { choice: 'against' }, { optionId: O1, choice: 'against' }],
    ['approval abstention', 'approval', single, { choice: 'abstain' }, { optionId: O1, choice: 'abstain' }],
    ['approval naming its option and version (any case)', 'approval', single, { choice: 'for', optionId: O1.toUpperCase(), versionId: V1.toUpperCase() }, { optionId: O1, choice: 'for' }],
    ['approval without a choice', 'approval', single, {}, 'choice : for, against ou abstain'],
    ['approval with a consent choice', 'approval', single, { choice: 'consent' }, 'choice : for, against ou abstain'],
    ['approval with a reason', 'approval', single, { choice: 'against', reason: 'non' }, 'reason : réservé aux objections d’un vote par consentement'],
    ['approval with grades', 'approval', single, { choice: 'for', grades: { [O1]: 'good' } }, 'grades : réservé au jugement majoritaire'],
    ['approval on another option', 'approval', single, { choice: 'for', optionId: OTHER }, 'optionId : ce n’est pas l’option de ce vote'],
    ['approval on another version', 'approval', single, { choice: 'for', versionId: OTHER }, 'versionId : ce n’est pas la version soumise à ce vote'],
    ['approval naming a version of a labelled option', 'approval', labelled, { choice: 'for', versionId: V1 }, 'versionId : ce n’est pas la version soumise à ce vote'],
    // consent
    ['consent', 'consent', labelled, { choice: 'consent' }, { optionId: O1, choice: 'consent' }],
    ['objection, reason trimmed', 'consent', labelled, { choice: 'objection', reason: '  trop cher ' }, { optionId: O1, choice: 'objection', reason: 'trop cher' }],
    ['objection without a reason', 'consent', labelled, { choice: 'objection' }, 'reason : une objection doit être motivée'],
    ['objection with a blank reason', 'consent', labelled, { choice: 'objection', reason: ' \n ' }, 'reason : une objection doit être motivée'],
    ['consent with a reason', 'consent', labelled, { choice: 'consent', reason: 'oui' }, 'reason : seule une objection est motivée'],
    ['consent with an approval choice', 'consent', labelled, { choice: 'for' }, 'choice : consent ou objection'],
    ['consent on another option', 'consent', labelled, { choice: 'consent', optionId: OTHER }, 'optionId : ce n’est pas l’option de ce vote'],
    // majority judgment
    ['every option graded', 'majority_judgment', two, { grades: { [O2]: 'reject', [O1]: 'excellent' } }, { grades: { [O1]: 'excellent', [O2]: 'reject' } }],
    ['grades keyed in upper case', 'majority_judgment', two, { grades: { [O1.toUpperCase()]: 'good', [O2]: 'fair' } }, { grades: { [O1]: 'good', [O2]: 'fair' } }],
    ['an option not graded', 'majority_judgment', two, { grades: { [O1]: 'good' } }, `grades : chaque option doit recevoir une mention (manque ${O2})`],
    ['an unknown option graded', 'majority_judgment', two, { grades: { [O1]: 'good', [O2]: 'good', [OTHER]: 'good' } }, `grades : option(s) inconnue(s) ${OTHER}`],
    ['an unknown grade', 'majority_judgment', two, { grades: { [O1]: 'good', [O2]: 'superb' } }, 'grades : mention inconnue (excellent, very_good, good, fair, passable, insufficient, reject)'],
    ['a grade that is not a string', 'majority_judgment', two, { grades: { [O1]: 'good', [O2]: 3 } }, 'grades : mention inconnue (excellent, very_good, good, fair, passable, insufficient, reject)'],
    ['no grades', 'majority_judgment', two, {}, 'grades : une mention est attendue pour chaque option'],
    ['a choice', 'majority_judgment', two, { choice: 'for', grades: { [O1]: 'good', [O2]: 'good' } }, 'Jugement majoritaire : envoyer seulement {grades: {optionId: mention}}'],
    ['an optionId', 'majority_judgment', two, { optionId: O1, grades: { [O1]: 'good', [O2]: 'good' } }, 'Jugement majoritaire : envoyer seulement {grades: {optionId: mention}}'],
  ])('%s', (_name, method, options, input, expected) => {
    if (typeof expected === 'string') expect(refusal(() => ballotContent(method, options, input))).toEqual({ code: ErrorCode.InvalidInput, message: expected });
    else expect(ballotContent(method, options, input)).toEqual(expected);
  });

  /** A vote's method and options (server ids, lower case), generated. */
  const config = fc.constantFrom(...VOTE_METHODS).chain((method) =>
    fc
      .uniqueArray(fc.record({ id: fc.uuid(), versionId: fc.option(fc.uuid(), { nil: null }) }), {
        minLength: method === 'majority_judgment' ? 2 : 1,
        maxLength: method === 'majority_judgment' ? 20 : 1,
        selector: (o) => o.id,
      })
      .map((options) => ({ method, options })),
  );

  /** A ballot that follows the method, for a given vote. */
  const validBallot = ({ method, options }: { method: VoteMethodName; options: BallotOption[] }): fc.Arbitrary<BallotInput> => {
    const names = { optionId: fc.constantFrom(undefined, options[0].id, options[0].id.toUpperCase()), versionId: fc.constantFrom(undefined, ...(options[0].versionId ? [options[0].versionId] : [])) };
    if (method === 'approval') return fc.record({ choice: fc.constantFrom(...APPROVAL_CHOICES), ...names }, { requiredKeys: ['choice'] });
    if (method === 'consent') {
      return fc.oneof(
        fc.record({ choice: fc.constant('consent'), ...names }, { requiredKeys: ['choice'] }),
        fc.record({ choice: fc.constant('objection'), reason: fc.string({ minLength: 1 }).filter((r) => r.trim() !== ''), ...names }, { requiredKeys: ['choice', 'reason'] }),
      );
    }
    return fc
      .tuple(fc.array(fc.constantFrom(...GRADES), { minLength: options.length, maxLength: options.length }), fc.array(fc.boolean(), { minLength: options.length, maxLength: options.length }))
      .map(([grades, upper]) => ({ grades: Object.fromEntries(options.map((o, i) => [upper[i] ? o.id.toUpperCase() : o.id, grades[i]])) }));
  };

  it('accepts every ballot that follows the method, for any vote', () => {
    fc.assert(
      fc.property(
        config.chain((c) => validBallot(c).map((b) => ({ ...c, b }))),
        ({ method, options, b }) => {
          const content = ballotContent(method, options, b);
          if ('grades' in content) expect(Object.keys(content.grades)).toEqual(options.map((o) => o.id));
          else expect(content).toMatchObject({ optionId: options[0].id, choice: b.choice });
        },
      ),
    );
  });

  it('refuses every ballot that names an option the vote does not have (400)', () => {
    fc.assert(
      fc.property(
        config.chain((c) => fc.tuple(validBallot(c), fc.uuid()).map(([b, unknown]) => ({ ...c, b, unknown }))),
        ({ method, options, b, unknown }) => {
          fc.pre(!options.some((o) => o.id === unknown.toLowerCase()));
          const bad: BallotInput = 'grades' in b ? { grades: { ...b.grades, [unknown]: 'good' } } : { ...b, optionId: unknown };
          expect(refusal(() => ballotContent(method, options, bad)).code).toBe(ErrorCode.InvalidInput);
        },
      ),
    );
  });
});

describe('who may cast a ballot, in order: 404, 403 member, 409 not open, 403 roll, 400 content', () => {
  const vote = { id: 'v', method: 'approval' as const, scope: 'member' as const, secret: false, status: 'open' as const };
  const roll = { userId: 'u', organizationId: 'org', college: 'local' };
  const ok: BallotRequestContext = { vote, options: single, platformRole: 'member', groupRole: 'participant', roll, input: { choice: 'for' } };

  it.each<[string, Partial<BallotRequestContext>, { code: ErrorCode; message: string } | object]>([
    ['a participant on the roll', {}, { voterKey: 'u', byOrganization: false, college: 'local', content: { optionId: O1, choice: 'for' } }],
    ['a facilitator on the roll', { groupRole: 'facilitator' }, { voterKey: 'u' }],
    ['an observer on the roll (a role changed after opening)', { groupRole: 'observer' }, { voterKey: 'u' }],
    ['an admin who is not a member but is on the roll', { platformRole: 'admin', groupRole: null }, { voterKey: 'u' }],
    ['an unknown vote', { vote: null }, { code: ErrorCode.NotFound, message: 'Vote introuvable' }],
    ['not a member', { groupRole: null }, { code: ErrorCode.Forbidden, message: 'Réservé aux membres du groupe de travail' }],
    ['not a member, vote closed: 403 first', { groupRole: null, vote: { ...vote, status: 'closed' } }, { code: ErrorCode.Forbidden, message: 'Réservé aux membres du groupe de travail' }],
    ['a draft vote', { vote: { ...vote, status: 'draft' } }, { code: ErrorCode.VoteNotOpen, message: 'Le vote n’est pas encore ouvert' }],
    ['a closed vote, not on the roll: 409 first', { vote: { ...vote, status: 'closed' }, roll: null }, { code: ErrorCode.VoteNotOpen, message: 'Le vote est clos' }],
    ['not on the roll', { roll: null }, { code: ErrorCode.Forbidden, message: 'Vous ne figurez pas sur la liste des votants de ce vote' }],
    ['not on the roll, bad content: 403 first', { roll: null, input: {} }, { code: ErrorCode.Forbidden, message: 'Vous ne figurez pas sur la liste des votants de ce vote' }],
    ['bad content', { input: { choice: 'maybe' } }, { code: ErrorCode.InvalidInput, message: 'choice : for, against ou abstain' }],
    ['organization scope: the organisation votes', { vote: { ...vote, scope: 'organization' } }, { voterKey: 'org', byOrganization: true }],
    ['organization scope, no organisation: the member votes', { vote: { ...vote, scope: 'organization' }, roll: { ...roll, organizationId: null } }, { voterKey: 'u', byOrganization: false }],
    ['consent: no college kept', { vote: { ...vote, method: 'consent' }, input: { choice: 'consent' } }, { college: '', content: { optionId: O1, choice: 'consent' } }],
  ])('%s', (_name, change, expected) => {
    const ctx = { ...ok, ...change };
    if ('code' in expected) expect(refusal(() => admitBallot(ctx))).toEqual(expected);
    else expect(admitBallot(ctx)).toMatchObject(expected);
  });

  it.each<['member' | 'organization', string | null, { voterKey: string; byOrganization: boolean }]>([
    ['member', 'org', { voterKey: 'u', byOrganization: false }],
    ['member', null, { voterKey: 'u', byOrganization: false }],
    ['organization', 'org', { voterKey: 'org', byOrganization: true }],
    ['organization', null, { voterKey: 'u', byOrganization: false }],
  ])('voter key, scope %s, organisation %s', (scope, organizationId, expected) => {
    expect(voterKeyOf(scope, { userId: 'u', organizationId })).toEqual(expected);
  });

  it('a ballot is final: the second of a voter key is 409 already_voted', () => {
    expect(alreadyVoted(false)).toMatchObject({ code: ErrorCode.AlreadyVoted, message: 'Vous avez déjà voté' });
    expect(alreadyVoted(true)).toMatchObject({ code: ErrorCode.AlreadyVoted, message: 'Votre organisation a déjà voté' });
  });

  it('a secret ballot names no voter and its audit event says who voted, never what', () => {
    const content = { optionId: O1, choice: 'against' as const };
    expect(ballotVoterId({ secret: true }, 'u')).toBeNull();
    expect(ballotVoterId({ secret: false }, 'u')).toBe('u');
    expect(ballotAuditData({ id: 'v', secret: true, scope: 'member' }, 'u', content)).toEqual({ voteId: 'v', scope: 'member' });
    expect(ballotAuditData({ id: 'v', secret: false, scope: 'organization' }, 'org', content)).toEqual({ voteId: 'v', scope: 'organization', voterKey: 'org', optionId: O1, choice: 'against' });
  });
});

describe('receipts', () => {
  const receipt = 'A'.repeat(21) + '_-' + 'z09'.repeat(6) + 'q'.repeat(2);

  it.each<[string, boolean]>([
    [receipt, true],
    [receipt.slice(1), false],
    [receipt + 'x', false],
    [receipt.slice(1) + '=', false],
    [receipt.slice(1) + '/', false],
    ['', false],
  ])('format of %j: %s', (r, ok) => {
    expect(isReceiptFormat(r)).toBe(ok);
  });

  it.each<[string, { userId: string | null } | null, boolean]>([
    ['the voter it was given to', { userId: 'u' }, true],
    ['another user', { userId: 'someone' }, false],
    ['an unknown receipt', null, false],
    ['a receipt kept before voters were recorded', { userId: null }, true],
  ])('%s', (_name, found, counted) => {
    if (counted) expect(checkReceipt(found, 'u')).toEqual({ counted: true });
    else expect(refusal(() => checkReceipt(found, 'u'))).toEqual({ code: ErrorCode.NotFound, message: 'Reçu introuvable' });
  });
});
