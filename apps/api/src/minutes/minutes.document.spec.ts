import { buildMinutes, MinutesData } from './minutes.document';
import { escapeMarkdown, toMarkdown } from './minutes.markdown';
import { toPdf } from './minutes.pdf';

const data = (): MinutesData => ({
  session: {
    id: 's',
    title: 'Atelier n° 2',
    startsAt: new Date('2026-03-10T09:00:00Z'),
    endsAt: new Date('2026-03-10T12:00:00Z'),
    phase: 'closed',
    agenda: [{ recommendationId: 'r1', minutes: 40 }],
  },
  group: { id: 'g', title: 'Atelier « Échanges »' },
  recommendations: new Map([['r1', { id: 'r1', title: 'Identité <numérique>', status: 'adopted', horizon: 'structuring' }]]),
  votes: [
    {
      id: 'v1',
      title: 'Adoption',
      method: 'approval',
      status: 'closed',
      scope: 'member',
      secret: true,
      rules: { quorum: 0.5, doubleMajority: true },
      openedAt: new Date('2026-03-10T10:00:00Z'),
      closedAt: new Date('2026-03-10T10:30:00Z'),
      options: [{ id: 'o1', label: null, versionId: 'ver', recommendationId: 'r1', versionNumber: 3, contentHash: 'ab'.repeat(32) }],
      results: {
        eligible: 7,
        cast: 5,
        for: 4,
        against: 1,
        abstain: 0,
        byCollege: { state: { eligible: 2, cast: 2, for: 2, against: 0, abstain: 0 }, local: { eligible: 4, cast: 3, for: 2, against: 1, abstain: 0 }, civil: { eligible: 1, cast: 0, for: 0, against: 0, abstain: 0 } },
        outcome: 'adopted',
      },
    },
    {
      id: 'v2',
      title: 'Priorités',
      method: 'majority_judgment',
      status: 'closed',
      scope: 'organization',
      secret: false,
      rules: {},
      openedAt: null,
      closedAt: null,
      options: [
        { id: 'a', label: 'Mesure A', versionId: null, recommendationId: null, versionNumber: null, contentHash: null },
        { id: 'b', label: 'Mesure B', versionId: null, recommendationId: null, versionNumber: null, contentHash: null },
      ],
      results: {
        eligible: 3,
        cast: 2,
        options: [
          { optionId: 'a', distribution: { excellent: 0, very_good: 0, good: 1, fair: 1, passable: 0, insufficient: 0, reject: 0 }, majorityGrade: 'fair', rank: 2 },
          { optionId: 'b', distribution: { excellent: 2, very_good: 0, good: 0, fair: 0, passable: 0, insufficient: 0, reject: 0 }, majorityGrade: 'excellent', rank: 1 },
        ],
      },
    },
  ],
  positions: [
    { recommendationId: 'r1', organizationName: 'AMF', stance: 'unfavorable', motivation: 'Coût\n*élevé*', submittedAt: new Date('2026-03-11T08:00:00Z'), hash: 'cd'.repeat(32), versionNumber: 3, supersedesId: 'x' },
  ],
  generatedAt: new Date('2026-03-12T08:00:00Z'),
});

describe('minutes document', () => {
  it('renders French Markdown with results, escaped user text and hashes', () => {
    const md = toMarkdown(buildMinutes(data()));
    expect(md).toContain('# Compte rendu — Atelier n° 2');
    expect(md).toContain('- **Début :** mardi 10 mars 2026 à 10:00'); // Paris time
    expect(md).toContain('- **Phase :** close');
    expect(md).toContain('| 1 | Identité \\<numérique\\> | mesure structurante | adoptée | 40 min |');
    expect(md).toContain(`« Identité \\<numérique\\> », version 3 — empreinte SHA-256 : \`${'ab'.repeat(32)}\``);
    expect(md).toContain('scrutin secret ; un bulletin par membre ; quorum 50 % des inscrits ; seuil : plus de 50 % des suffrages exprimés ; double majorité');
    expect(md).toContain('| 7 | 5 | 4 | 1 | 0 |');
    expect(md).toContain('| Collectivités et associations d’élus | 4 | 3 | 2 | 1 | 0 |');
    expect(md).toContain('**Résultat : adoptée**');
    expect(md).toContain('| 1 | Mesure B | Excellent | Excellent 2 |');
    expect(md).toContain('| 2 | Mesure A | Assez bien | Bien 1, Assez bien 1 |');
    expect(md).toContain('**AMF : Défavorable**');
    expect(md).toContain('Coût \\*élevé\\*');
    expect(md).toContain('remplace une position antérieure');
    expect(md).toContain(`\`${'cd'.repeat(32)}\``);
  });

  it('escapes Markdown in user text', () => {
    expect(escapeMarkdown('a|b *c* <script> [x](y) `z`')).toBe('a\\|b \\*c\\* \\<script\\> \\[x\\](y) \\`z\\`');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
  });

  it('renders a PDF', async () => {
    const pdf = await toPdf(buildMinutes(data()), 'Compte rendu');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
