import { Badge } from '@codegouvfr/react-dsfr/Badge';
import type { ApprovalResults, College, ConsentResults, Grade, MajorityJudgmentResults, Outcome, Vote, VoteOption, VoteResults } from '../api/types';
import { percent } from '../lib/format';
import { COLLEGE, GRADE, GRADE_COLOR, GRADES, OUTCOME } from '../lib/labels';

/** The label of a vote option: its own label, or the version it stands for. */
export function optionLabel(o: VoteOption | undefined): string {
  if (!o) return 'Option';
  if (o.label) return o.label;
  if (o.versionNumber !== undefined) return `${o.recommendationTitle ? `${o.recommendationTitle} — ` : ''}version ${o.versionNumber}`;
  return 'Version figée';
}

const OUTCOME_SEVERITY: Record<Outcome, 'success' | 'error' | 'warning'> = { adopted: 'success', rejected: 'error', no_quorum: 'warning' };

export function OutcomeBadge({ outcome, large }: { outcome?: Outcome; large?: boolean }) {
  if (!outcome) return null;
  return (
    <Badge severity={OUTCOME_SEVERITY[outcome]} className={large ? 'cc-outcome--large' : undefined}>
      {OUTCOME[outcome]}
    </Badge>
  );
}

interface Segment {
  key: string;
  label: string;
  value: number;
  color: string;
}

/**
 * A horizontal stacked bar (CSS), hidden from assistive technologies: the tables carry the
 * numbers. No text inside the segments (a narrow segment or a phone's width cut it): the
 * legend under the bar names each part with its percentage.
 */
function StackedBar({ segments, total, median = false, large = false }: { segments: Segment[]; total: number; median?: boolean; large?: boolean }) {
  return (
    <div className={`cc-bar${large ? ' cc-bar--large' : ''}`} aria-hidden="true">
      {total > 0 &&
        segments
          .filter((s) => s.value > 0)
          .map((s) => <span key={s.key} className="cc-bar__seg" style={{ width: `${(s.value / total) * 100}%`, backgroundColor: s.color }} title={`${s.label} : ${s.value}`} />)}
      {median && <span className="cc-bar__median" />}
    </div>
  );
}

/** The bar's legend: each part, its percentage of `total` (the one definition the page states) and its count. */
function BarLegend({ segments, total, unit }: { segments: Segment[]; total: number; unit: [string, string] }) {
  return (
    <ul className="cc-legend cc-bar-legend" data-testid="bar-legend">
      {segments.map((s) => (
        <li key={s.key}>
          <span className="cc-legend__swatch" style={{ backgroundColor: s.color }} aria-hidden="true" />
          <span>
            <strong>
              {s.label} {percent(s.value, total)}
            </strong>{' '}
            ({s.value} {s.value > 1 ? unit[1] : unit[0]})
          </span>
        </li>
      ))}
    </ul>
  );
}

function Participation({ cast, eligible }: { cast: number; eligible?: number }) {
  return (
    <p className="cc-participation">
      <strong>{cast}</strong> bulletin{cast > 1 ? 's' : ''} {eligible !== undefined && <>sur {eligible} votant{eligible > 1 ? 's' : ''} inscrit{eligible > 1 ? 's' : ''}</>}
      {eligible ? <> (participation {percent(cast, eligible)})</> : null}
    </p>
  );
}

const APPROVAL_COLORS = { for: '#18753c', against: '#ce0500', abstain: '#666666' };

function ApprovalView({ r, vote, large }: { r: ApprovalResults; vote: Vote; large?: boolean }) {
  // one definition of the percentages: shares of the votes cast for or against (the adoption rule's base)
  const segs: Segment[] = [
    { key: 'for', label: 'Pour', value: r.for, color: APPROVAL_COLORS.for },
    { key: 'against', label: 'Contre', value: r.against, color: APPROVAL_COLORS.against },
  ];
  const expressed = r.for + r.against;
  const colleges = (Object.keys(r.byCollege ?? {}) as College[]).filter((c) => (r.byCollege?.[c]?.eligible ?? 0) > 0 || (r.byCollege?.[c]?.cast ?? 0) > 0);
  return (
    <>
      <Participation cast={r.cast} eligible={r.eligible} />
      <StackedBar segments={segs} total={expressed} large={large} />
      <BarLegend segments={segs} total={expressed} unit={['voix', 'voix']} />
      <p className="fr-text--sm cc-percent-rule" data-testid="percent-rule">
        Pourcentages : part des suffrages exprimés (pour + contre) ; {r.abstain} abstention{r.abstain > 1 ? 's' : ''}, non comptée{r.abstain > 1 ? 's' : ''} dans les
        pourcentages.
      </p>
      <div className="fr-table fr-table--no-scroll fr-mt-2w">
        <div className="fr-table__wrapper">
          <div className="fr-table__container cc-table-scroll" tabIndex={0} role="region" aria-label="Décompte des voix (défilement horizontal)">
            <div className="fr-table__content">
              <table>
                <caption className={large ? 'fr-sr-only' : undefined}>Décompte des voix</caption>
                <thead>
                  <tr>
                    <th scope="col">Choix</th>
                    <th scope="col">Voix</th>
                    <th scope="col">Part des suffrages exprimés</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <th scope="row">Pour</th>
                    <td>{r.for}</td>
                    <td>{percent(r.for, expressed)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Contre</th>
                    <td>{r.against}</td>
                    <td>{percent(r.against, expressed)}</td>
                  </tr>
                  <tr>
                    <th scope="row">Abstention</th>
                    <td>{r.abstain}</td>
                    <td>—</td>
                  </tr>
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
      {!large && (
        <p className="fr-text--sm">
          Règle : adoptée si « pour » dépasse strictement {Math.round((vote.rules?.threshold ?? 0.5) * 100)} % des suffrages exprimés
          {vote.rules?.quorum ? `, avec un quorum de ${Math.round(vote.rules.quorum * 100)} % des inscrits` : ''}
          {vote.rules?.doubleMajority ? ', dans le collège État et dans le collège local (double majorité)' : ''}.
        </p>
      )}
      {colleges.length > 0 && (
        <div className="fr-table fr-table--no-scroll">
          <div className="fr-table__wrapper">
            <div className="fr-table__container cc-table-scroll" tabIndex={0} role="region" aria-label="Résultats par collège (défilement horizontal)">
              <div className="fr-table__content">
                <table>
                  <caption>Résultats par collège</caption>
                  <thead>
                    <tr>
                      <th scope="col">Collège</th>
                      <th scope="col">Inscrits</th>
                      <th scope="col">Bulletins</th>
                      <th scope="col">Pour</th>
                      <th scope="col">Contre</th>
                      <th scope="col">Abstention</th>
                    </tr>
                  </thead>
                  <tbody>
                    {colleges.map((c) => {
                      const t = r.byCollege![c]!;
                      return (
                        <tr key={c}>
                          <th scope="row">{COLLEGE[c]}</th>
                          <td>{t.eligible ?? '—'}</td>
                          <td>{t.cast ?? '—'}</td>
                          <td>{t.for ?? 0}</td>
                          <td>{t.against ?? 0}</td>
                          <td>{t.abstain ?? 0}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
    </>
  );
}

/** Majority judgment: one merit profile per option (stacked grades, median line at 50 %). */
function MajorityJudgmentView({ r, vote, large }: { r: MajorityJudgmentResults; vote: Vote; large?: boolean }) {
  const byId = new Map(vote.options.map((o) => [o.id, o]));
  const sorted = [...r.options].sort((a, b) => a.rank - b.rank);
  const total = (d: Partial<Record<Grade, number>>) => GRADES.reduce((n, g) => n + (d[g] ?? 0), 0);
  return (
    <>
      {r.cast !== undefined && <Participation cast={r.cast} eligible={r.eligible} />}
      <ol className="cc-merit">
        {sorted.map((o) => {
          const n = total(o.distribution);
          return (
            <li key={o.optionId} className="cc-merit__item">
              <p className="cc-merit__title">
                <span className="cc-merit__rank">{o.rank}</span>
                <span>
                  <strong>{optionLabel(byId.get(o.optionId))}</strong>
                  <br />
                  Mention majoritaire : <strong>{o.majorityGrade ? GRADE[o.majorityGrade] : 'aucune (pas de bulletin)'}</strong>
                </span>
              </p>
              <StackedBar
                large={large}
                median
                total={n}
                segments={GRADES.map((g) => ({ key: g, label: GRADE[g], value: o.distribution[g] ?? 0, color: GRADE_COLOR[g] }))}
              />
            </li>
          );
        })}
      </ol>
      <ul className="cc-legend" aria-hidden="true">
        {GRADES.map((g) => (
          <li key={g}>
            <span className="cc-legend__swatch" style={{ backgroundColor: GRADE_COLOR[g] }} />
            {GRADE[g]}
          </li>
        ))}
      </ul>
      <p className="fr-text--sm cc-percent-rule" data-testid="percent-rule">
        Chaque barre : la part de chaque mention parmi les bulletins de l’option ; la ligne pointillée marque la médiane (50 %).
      </p>
      <div className={`fr-table fr-table--no-scroll fr-mt-2w${large ? ' fr-sr-only' : ''}`}>
        <div className="fr-table__wrapper">
          <div className="fr-table__container cc-table-scroll" tabIndex={0} role="region" aria-label="Profils de mérite (défilement horizontal)">
            <div className="fr-table__content">
              <table>
                <caption>Profils de mérite (nombre de mentions par option)</caption>
                <thead>
                  <tr>
                    <th scope="col">Rang</th>
                    <th scope="col">Option</th>
                    {GRADES.map((g) => (
                      <th key={g} scope="col">
                        {GRADE[g]}
                      </th>
                    ))}
                    <th scope="col">Mention majoritaire</th>
                  </tr>
                </thead>
                <tbody>
                  {sorted.map((o) => (
                    <tr key={o.optionId}>
                      <td>{o.rank}</td>
                      <th scope="row">{optionLabel(byId.get(o.optionId))}</th>
                      {GRADES.map((g) => (
                        <td key={g}>{o.distribution[g] ?? 0}</td>
                      ))}
                      <td>{o.majorityGrade ? GRADE[o.majorityGrade] : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
    </>
  );
}

function ConsentView({ r, large }: { r: ConsentResults; large?: boolean }) {
  const segs: Segment[] = [
    { key: 'consent', label: 'Consentement', value: r.consent, color: APPROVAL_COLORS.for },
    { key: 'objection', label: 'Objection', value: r.objection, color: APPROVAL_COLORS.against },
  ];
  return (
    <>
      <Participation cast={r.cast} eligible={r.eligible} />
      <StackedBar large={large} total={r.cast} segments={segs} />
      <BarLegend segments={segs} total={r.cast} unit={['bulletin', 'bulletins']} />
      <p className="fr-text--sm cc-percent-rule" data-testid="percent-rule">
        Pourcentages : part des bulletins déposés.
      </p>
      <p className="fr-mt-2w">
        <strong>{r.consent}</strong> consentement{r.consent > 1 ? 's' : ''}, <strong>{r.objection}</strong> objection{r.objection > 1 ? 's' : ''}.
      </p>
      {r.objections.length > 0 && (
        <>
          <h3 className="fr-h6">Objections exprimées</h3>
          <ul>
            {r.objections.map((o, i) => (
              <li key={i}>
                {o.voterName && <strong>{o.voterName} : </strong>}« {o.reason} »
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** Results of any method, with the outcome. */
export function Results({ vote, results, large = false }: { vote: Vote; results: VoteResults; large?: boolean }) {
  if ((results.method && results.method !== vote.method) || (results.voteId && results.voteId !== vote.id)) return null;
  const outcome = (results as ApprovalResults).outcome;
  const final = results.final ?? vote.status === 'closed';
  return (
    <div className={`cc-results${large ? ' cc-results--large' : ''}`}>
      <p className="cc-results__state">
        {final ? <Badge severity="info" noIcon>Résultats définitifs</Badge> : <Badge severity="new">Résultats provisoires, en direct</Badge>}{' '}
        {final && <OutcomeBadge outcome={outcome} large={large} />}
      </p>
      {vote.method === 'approval' && <ApprovalView r={results as ApprovalResults} vote={vote} large={large} />}
      {vote.method === 'majority_judgment' && <MajorityJudgmentView r={results as MajorityJudgmentResults} vote={vote} large={large} />}
      {vote.method === 'consent' && <ConsentView r={results as ConsentResults} large={large} />}
    </div>
  );
}
