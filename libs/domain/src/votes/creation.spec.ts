import fc from 'fast-check';
import { ErrorCode } from '../errors';
import { VOTE_METHODS, VoteMethodName } from '../tally/types';
import { checkGroupTakesVotes, checkSessionOfGroup, checkVersionsOfGroup, checkVoteDraft, VoteDraftInput, voteDraftProblems, VoteOptionInput } from './creation';
import { refusal } from './expect-error';

const V1 = '11111111-1111-4111-8111-111111111111';
const V2 = '22222222-2222-4222-8222-222222222222';
const A1 = '33333333-3333-4333-8333-333333333333';

const draft = (method: VoteMethodName, options: VoteDraftInput['options'], extra: Partial<VoteDraftInput> = {}): VoteDraftInput => ({ title: 'Vote', method, options, ...extra });

describe('vote creation rules (400 with every problem)', () => {
  it.each<[string, VoteDraftInput, string[]]>([
    ['approval on a version', draft('approval', [{ versionId: V1 }]), []],
    ['approval on an amendment', draft('approval', [{ amendmentId: A1 }]), []],
    ['approval with every rule', draft('approval', [{ versionId: V1 }], { rules: { quorum: 0.5, threshold: 0.66, doubleMajority: true } }), []],
    [
      'approval on a label',
      draft('approval', [{ label: 'Oui' }]),
      ['options : un vote par approbation porte sur exactement une version de recommandation ([{versionId}]) ou un amendement ([{amendmentId}])'],
    ],
    [
      'approval on two versions',
      draft('approval', [{ versionId: V1 }, { versionId: V2 }]),
      ['options : un vote par approbation porte sur exactement une version de recommandation ([{versionId}]) ou un amendement ([{amendmentId}])'],
    ],
    ['an option with two targets', draft('approval', [{ versionId: V1, label: 'x' }]), ['options.0 : indiquer soit versionId, soit label, soit amendmentId']],
    [
      'an option with no target',
      draft('consent', [{}]),
      ['options.0 : indiquer soit versionId, soit label, soit amendmentId'],
    ],
    [
      'an amendment outside approval',
      draft('majority_judgment', [{ amendmentId: A1 }, { label: 'b' }]),
      ['options.0.amendmentId : seul un vote par approbation porte sur un amendement'],
    ],
    ['a blank label', draft('majority_judgment', [{ label: '  ' }, { label: 'b' }]), ['options.0.label : libellé vide']],
    ['majority judgment, two labels', draft('majority_judgment', [{ label: 'a' }, { label: 'b' }]), []],
    ['majority judgment, versions and labels', draft('majority_judgment', [{ versionId: V1 }, { label: 'b' }]), []],
    ['majority judgment, one option', draft('majority_judgment', [{ label: 'a' }]), ['options : le jugement majoritaire demande au moins deux options']],
    ['majority judgment, same label twice (case, spaces)', draft('majority_judgment', [{ label: 'A' }, { label: ' a ' }]), ['options : une même option figure deux fois']],
    ['majority judgment, same version twice (case)', draft('majority_judgment', [{ versionId: V1 }, { versionId: V1.toUpperCase() }]), ['options : une même option figure deux fois']],
    ['majority judgment with a quorum', draft('majority_judgment', [{ label: 'a' }, { label: 'b' }], { rules: { quorum: 0.5 } }), ['rules : aucune règle ne s’applique au jugement majoritaire']],
    ['majority judgment with doubleMajority false', draft('majority_judgment', [{ label: 'a' }, { label: 'b' }], { rules: { doubleMajority: false } }), ['rules : aucune règle ne s’applique au jugement majoritaire']],
    ['consent with a quorum', draft('consent', [{ label: 'Proposition' }], { rules: { quorum: 0.3 } }), []],
    ['consent with a threshold', draft('consent', [{ versionId: V1 }], { rules: { threshold: 0.5 } }), ['rules : seul quorum s’applique au consentement']],
    ['consent on two options', draft('consent', [{ label: 'a' }, { label: 'b' }]), ['options : un vote par consentement porte sur exactement une option']],
    ['secret and live', draft('approval', [{ versionId: V1 }], { secret: true, resultsVisibility: 'live' }), ['resultsVisibility : un vote secret ne peut pas afficher de résultats en direct']],
    ['secret after close', draft('approval', [{ versionId: V1 }], { secret: true, resultsVisibility: 'after_close' }), []],
    ['public and live', draft('approval', [{ versionId: V1 }], { secret: false, resultsVisibility: 'live' }), []],
    ['a blank title', draft('approval', [{ versionId: V1 }], { title: ' \t' }), ['title : titre vide']],
    [
      'several problems at once, in order',
      draft('consent', [{ label: '' }, { label: 'b' }], { title: '', rules: { doubleMajority: true }, secret: true, resultsVisibility: 'live' }),
      [
        'options.0.label : libellé vide',
        'options : un vote par consentement porte sur exactement une option',
        'rules : seul quorum s’applique au consentement',
        'resultsVisibility : un vote secret ne peut pas afficher de résultats en direct',
        'title : titre vide',
      ],
    ],
  ])('%s', (_name, input, problems) => {
    expect(voteDraftProblems(input)).toEqual(problems);
    if (problems.length) expect(refusal(() => checkVoteDraft(input))).toEqual({ code: ErrorCode.InvalidInput, message: problems.join(' ; ') });
    else expect(() => checkVoteDraft(input)).not.toThrow();
  });

  it('applies the defaults, trims text and keeps only the rules given', () => {
    expect(checkVoteDraft({ title: '  Adoption  ', method: 'approval', options: [{ versionId: V1 }], rules: { threshold: 0.6 } })).toEqual({
      title: 'Adoption',
      method: 'approval',
      rules: { threshold: 0.6 },
      scope: 'member',
      secret: false,
      resultsVisibility: 'after_close',
      options: [{ versionId: V1, label: null, amendmentId: null, position: 0 }],
    });
    const mj = checkVoteDraft({ title: 'Choix', method: 'majority_judgment', options: [{ label: ' A ' }, { versionId: V2 }], scope: 'organization', secret: true });
    expect(mj.options).toEqual([
      { versionId: null, label: 'A', amendmentId: null, position: 0 },
      { versionId: V2, label: null, amendmentId: null, position: 1 },
    ]);
    expect(mj).toMatchObject({ scope: 'organization', secret: true, resultsVisibility: 'after_close', rules: {} });
  });

  /** A vote that follows the rules of its method, generated. */
  const validDraft = fc.constantFrom(...VOTE_METHODS).chain((method) => {
    const versionOrLabel: fc.Arbitrary<VoteOptionInput> = fc.oneof(fc.uuid().map((versionId) => ({ versionId })), fc.string({ minLength: 1, maxLength: 20 }).filter((l) => l.trim() !== '').map((label) => ({ label })));
    const options: fc.Arbitrary<VoteOptionInput[]> =
      method === 'approval'
        ? fc.oneof(fc.uuid().map((versionId) => [{ versionId }]), fc.uuid().map((amendmentId) => [{ amendmentId }]))
        : method === 'consent'
          ? versionOrLabel.map((o) => [o])
          : fc.uniqueArray(versionOrLabel, { minLength: 2, maxLength: 20, selector: (o) => (o.versionId ? `v:${o.versionId.toLowerCase()}` : `l:${o.label!.trim().toLowerCase()}`) });
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    const rules =
      method === 'approval'
        ? fc.record({ quorum: share, threshold: share, doubleMajority: fc.boolean() }, { requiredKeys: [] })
        : method === 'consent'
          ? fc.record({ quorum: share }, { requiredKeys: [] })
          : fc.constant(undefined);
    return fc.record({
      title: fc.string({ minLength: 1, maxLength: 30 }).filter((t) => t.trim() !== ''),
      method: fc.constant(method),
      options,
      rules,
      scope: fc.constantFrom('member' as const, 'organization' as const),
      secret: fc.boolean(),
    }).chain((d) => fc.constantFrom(...(d.secret ? (['after_close'] as const) : (['live', 'after_close'] as const))).map((resultsVisibility) => ({ ...d, resultsVisibility })));
  });

  it('accepts every vote that follows its method’s rules, and stores one option per option asked for', () => {
    fc.assert(
      fc.property(validDraft, (input) => {
        const out = checkVoteDraft(input);
        expect(out.options.map((o) => o.position)).toEqual(input.options.map((_, i) => i));
        expect(out.method).toBe(input.method);
        expect(out.secret && out.resultsVisibility === 'live').toBe(false);
      }),
    );
  });

  it('refuses any of them once a secret vote asks for live results', () => {
    fc.assert(
      fc.property(validDraft, (input) => {
        expect(refusal(() => checkVoteDraft({ ...input, secret: true, resultsVisibility: 'live' })).code).toBe(ErrorCode.InvalidInput);
      }),
    );
  });

  it('checks the group, the session and the versions', () => {
    expect(refusal(() => checkGroupTakesVotes('archived'))).toEqual({ code: ErrorCode.Conflict, message: 'Ce groupe de travail est archivé' });
    expect(() => checkGroupTakesVotes('active')).not.toThrow();
    expect(refusal(() => checkSessionOfGroup(null, 'g'))).toEqual({ code: ErrorCode.InvalidInput, message: 'sessionId : séance inconnue dans ce groupe de travail' });
    expect(refusal(() => checkSessionOfGroup({ workingGroupId: 'other' }, 'g')).code).toBe(ErrorCode.InvalidInput);
    expect(() => checkSessionOfGroup({ workingGroupId: 'g' }, 'g')).not.toThrow();
    expect(() => checkVersionsOfGroup([V1, V2], new Set([V1, V2]))).not.toThrow();
    expect(() => checkVersionsOfGroup([], new Set())).not.toThrow();
    expect(refusal(() => checkVersionsOfGroup([V1, V2], new Set([V1])))).toEqual({
      code: ErrorCode.InvalidInput,
      message: `versionId : ${V2} n’est pas une version d’une recommandation de ce groupe de travail`,
    });
  });
});
