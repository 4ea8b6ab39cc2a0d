import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { roadmap } from '../api/endpoints';
import type { Horizon, Milestone, RecommendationStatus, RoadmapRecommendation } from '../api/types';
import { ErrorAlert, Loading, PageHeader } from '../components/ui';
import { formatDate } from '../lib/format';
import { useAsync } from '../lib/hooks';
import { MILESTONE_SEVERITY, MILESTONE_STATUS, RECOMMENDATION_SEVERITY, RECOMMENDATION_STATUS } from '../lib/labels';
import { RecommendationFilters } from '../components/RecommendationFilters';

const MONTHS = 24;

function addMonths(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth() + n, 1);
}

/** The two-year window: from the start of the quarter of the earliest milestone (at most a year back) or of today. */
function windowOf(recs: RoadmapRecommendation[]): { start: Date; end: Date } {
  const today = new Date();
  const floor = addMonths(new Date(today.getFullYear(), today.getMonth(), 1), -12);
  let earliest = today;
  for (const r of recs) for (const m of r.milestones) {
    const d = new Date(`${m.dueDate}T00:00:00`);
    if (!Number.isNaN(d.getTime()) && d < earliest) earliest = d;
  }
  if (earliest < floor) earliest = floor;
  const start = new Date(earliest.getFullYear(), Math.floor(earliest.getMonth() / 3) * 3, 1);
  return { start, end: addMonths(start, MONTHS) };
}

function position(date: string | Date, start: Date, end: Date): number | null {
  const d = typeof date === 'string' ? new Date(`${date}T00:00:00`) : date;
  const t = d.getTime();
  if (Number.isNaN(t) || t < start.getTime() || t > end.getTime()) return null;
  return ((t - start.getTime()) / (end.getTime() - start.getTime())) * 100;
}

/** The roadmap: by axis, quick wins and structuring measures on a two-year timeline with their milestones. */
export function RoadmapPage() {
  const data = useAsync(() => roadmap(), []);
  const [status, setStatus] = useState<RecommendationStatus | ''>('');
  const [horizon, setHorizon] = useState<Horizon | ''>('');
  const all = useMemo(() => (data.data ?? []).flatMap((a) => a.recommendations), [data.data]);
  const win = useMemo(() => windowOf(all), [all]);
  const quarters = Array.from({ length: MONTHS / 3 }, (_, i) => addMonths(win.start, i * 3));
  const todayPos = position(new Date(), win.start, win.end);

  return (
    <>
      <PageHeader
        title="Feuille de route"
        lead="Les recommandations du programme par axe stratégique, leurs jalons de mise en œuvre et leur avancement, sur deux ans."
      />
      <RecommendationFilters
        status={status}
        onStatus={setStatus}
        horizon={horizon}
        onHorizon={setHorizon}
        columnClass="fr-col-12 fr-col-sm-6 fr-col-md-4"
        className="fr-grid-row fr-grid-row--gutters fr-mb-2w"
      />
      <ul className="cc-legend fr-mb-3w">
        {(['planned', 'in_progress', 'done', 'late'] as const).map((s) => (
          <li key={s}>
            <span className={`cc-milestone-dot cc-milestone-dot--${s}`} aria-hidden="true" />
            {MILESTONE_STATUS[s]}
          </li>
        ))}
      </ul>
      <ErrorAlert error={data.error} />
      {data.loading && !data.data && <Loading />}
      {data.data?.map((axis) => {
        const recs = axis.recommendations.filter((r) => (!status || r.status === status) && (!horizon || r.horizon === horizon));
        return (
          <section key={axis.id} className="fr-mb-6w" aria-labelledby={`fdr-${axis.id}`}>
            <h2 id={`fdr-${axis.id}`} className="fr-h3">
              <span className="fr-tag fr-mr-1w">{axis.code}</span>
              {axis.title}
            </h2>
            {recs.length === 0 && <p>Aucune recommandation{status || horizon ? ' pour ces filtres' : ''}.</p>}
            {(['quick_win', 'structuring'] as Horizon[]).map((h) => {
              const list = recs.filter((r) => r.horizon === h);
              if (!list.length) return null;
              return (
                <div key={h} className="cc-timeline fr-mb-4w">
                  <h3 className="fr-h5">{h === 'quick_win' ? 'Mesures rapides' : 'Mesures structurantes'}</h3>
                  <div className="cc-timeline__scale" aria-hidden="true">
                    <span className="cc-timeline__label-col" />
                    <span className="cc-timeline__track cc-timeline__track--scale">
                      {quarters.map((q, i) => (
                        <span key={i} className="cc-timeline__quarter" style={{ left: `${(i / quarters.length) * 100}%`, width: `${100 / quarters.length}%` }}>
                          T{Math.floor(q.getMonth() / 3) + 1} {q.getFullYear()}
                        </span>
                      ))}
                    </span>
                  </div>
                  <ul className="cc-plain-list">
                    {list.map((r) => (
                      <RoadmapRow key={r.id} rec={r} start={win.start} end={win.end} todayPos={todayPos} />
                    ))}
                  </ul>
                </div>
              );
            })}
          </section>
        );
      })}
      <OpenData />
    </>
  );
}

const EXPORTS = [
  { name: 'recommendations', label: 'Recommandations adoptées et leurs jalons' },
  { name: 'votes', label: 'Votes clos et leurs résultats' },
  { name: 'positions', label: 'Positions formelles des associations' },
] as const;

/** The public open-data exports (no token needed): plain links, each as CSV and JSON. */
function OpenData() {
  return (
    <section className="fr-mb-6w" aria-labelledby="donnees-ouvertes">
      <h2 id="donnees-ouvertes" className="fr-h3">
        Données ouvertes
      </h2>
      <p>
        Les travaux adoptés, publiés en données ouvertes : sans donnée personnelle ni contenu de bulletin secret, réutilisables librement. Ces fichiers sont publics et se
        téléchargent sans compte.
      </p>
      <ul className="cc-plain-list cc-exports">
        {EXPORTS.map((e) => (
          <li key={e.name} className="fr-mb-1w">
            <strong>{e.label}</strong> :{' '}
            <a className="fr-link fr-link--download" href={`/api/exports/${e.name}?format=csv`} download={`${e.name}.csv`}>
              CSV<span className="fr-sr-only"> — {e.label}</span>
            </a>{' '}
            <a className="fr-link fr-link--download fr-ml-2w" href={`/api/exports/${e.name}?format=json`} download={`${e.name}.json`}>
              JSON<span className="fr-sr-only"> — {e.label}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function RoadmapRow({ rec, start, end, todayPos }: { rec: RoadmapRecommendation & { workingGroupTitle?: string }; start: Date; end: Date; todayPos: number | null }) {
  const milestones = [...rec.milestones].sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const done = milestones.filter((m) => m.status === 'done').length;
  return (
    <li className="cc-timeline__row">
      <div className="cc-timeline__label-col">
        <Link to={`/recommandations/${rec.id}`} className="fr-text--bold">
          {rec.title}
        </Link>
        <br />
        <Badge small noIcon severity={RECOMMENDATION_SEVERITY[rec.status]} as="span">
          {RECOMMENDATION_STATUS[rec.status]}
        </Badge>
        {rec.workingGroupTitle && <span className="fr-text--xs cc-muted"> {rec.workingGroupTitle}</span>}
        <br />
        <span className="fr-text--xs">
          {milestones.length ? `${done} jalon${done > 1 ? 's' : ''} réalisé${done > 1 ? 's' : ''} sur ${milestones.length}` : 'Aucun jalon'}
        </span>
      </div>
      <div className="cc-timeline__track" aria-hidden="true">
        {todayPos !== null && <span className="cc-timeline__today" style={{ left: `${todayPos}%` }} title="Aujourd’hui" />}
        {milestones.map((m) => {
          const pos = position(m.dueDate, start, end);
          if (pos === null) return null;
          return <span key={m.id} className={`cc-milestone-dot cc-milestone-dot--${m.status} cc-timeline__marker`} style={{ left: `${pos}%` }} title={milestoneText(m)} />;
        })}
      </div>
      {milestones.length > 0 && (
        <ul className="cc-timeline__list">
          {milestones.map((m) => (
            <li key={m.id}>
              <Badge small noIcon severity={MILESTONE_SEVERITY[m.status]} as="span">
                {MILESTONE_STATUS[m.status]}
              </Badge>{' '}
              {m.title} — échéance {formatDate(m.dueDate)} — {m.progress} %
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

function milestoneText(m: Milestone): string {
  return `${m.title} — ${formatDate(m.dueDate)} — ${MILESTONE_STATUS[m.status]} (${m.progress} %)`;
}
