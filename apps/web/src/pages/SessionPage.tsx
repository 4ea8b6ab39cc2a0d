import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { createModal } from '@codegouvfr/react-dsfr/Modal';
import { ApiError, download } from '../api/client';
import { groups as groupsApi, recommendations as recsApi, sessions as sessionsApi, votes as votesApi } from '../api/endpoints';
import type { Recommendation, Session, SessionPhase, Vote } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { ErrorAlert, GeneralErrors, Loading, LiveStatus, PageHeader } from '../components/ui';
import { splitErrors } from '../lib/errors';
import { formatCountdown, formatDateTime } from '../lib/format';
import { useAction, useAsync, useNow } from '../lib/hooks';
import { PHASES, RECOMMENDATION_SEVERITY, RECOMMENDATION_STATUS, SESSION_PHASE, VOTE_METHOD, VOTE_STATUS } from '../lib/labels';
import { useLiveSession } from '../live/useLiveSession';
import { VoteCreateForm, type VersionChoice } from './session/VoteCreateForm';

/** DSFR confirmation dialogs: closing a session and closing a vote are final. */
const closeSessionModal = createModal({ id: 'confirmer-cloture-seance', isOpenedByDefault: false });
const closeVoteModal = createModal({ id: 'confirmer-cloture-vote', isOpenedByDefault: false });

/**
 * A session: for everyone, the phase, timer, agenda and votes, live; for facilitators, the
 * console (phases, per-item timer, freeze, lock, votes) and the projector view.
 */
export function SessionPage() {
  const { id = '' } = useParams();
  const { roleIn, me } = useAuth();
  const session = useAsync(() => sessionsApi.get(id), [id]);
  const s = session.data;
  const groupId = s?.workingGroupId;
  const group = useAsync(() => (groupId ? groupsApi.get(groupId) : Promise.resolve(null)), [groupId]);
  const recs = useAsync(() => (groupId ? groupsApi.recommendations(groupId) : Promise.resolve([] as Recommendation[])), [groupId]);
  const votes = useAsync(() => sessionsApi.votes(id), [id]);
  const role = roleIn(groupId);
  const isFacilitator = role === 'facilitator';
  const [announce, setAnnounce] = useState<string | null>(null);

  const setSession = session.setData;
  const setRecs = recs.setData;
  const reloadVotes = votes.reload;
  const reloadSession = session.reload;
  const reloadRecs = recs.reload;
  const live = useLiveSession(s ? id : null, {
    onPhase: (e) => {
      setSession((prev) => (prev ? { ...prev, phase: e.phase } : prev!));
      setAnnounce(`Phase de la séance : ${SESSION_PHASE[e.phase]}.`);
    },
    onVoteOpened: () => {
      void reloadVotes();
      setAnnounce('Un vote vient d’être ouvert.');
    },
    onVoteClosed: () => {
      void reloadVotes();
      setAnnounce('Un vote vient d’être clos.');
    },
    onDraftLocked: (e) => setRecs((prev) => (prev ?? []).map((r) => (r.id === e.recommendationId ? { ...r, locked: e.locked } : r))),
    onRecommendationStatus: (e) => {
      setRecs((prev) => (prev ?? []).map((r) => (r.id === e.recommendationId ? { ...r, status: e.status } : r)));
      setAnnounce(`Recommandation : ${RECOMMENDATION_STATUS[e.status]}.`);
    },
    onResync: useCallback(() => {
      void reloadSession();
      void reloadVotes();
      void reloadRecs();
    }, [reloadSession, reloadVotes, reloadRecs]),
  });

  if (session.error) return <ErrorAlert error={session.error} />;
  if (!s) return <Loading />;
  const endsAt = live.joined ? live.endsAt : (s.timerEndsAt ?? null);
  const recById = new Map((recs.data ?? []).map((r) => [r.id, r]));

  return (
    <>
      <PageHeader
        title={s.title}
        crumbs={[
          { label: 'Mes groupes', to: '/mes-groupes' },
          ...(group.data ? [{ label: group.data.title, to: `/groupes/${group.data.id}` }] : []),
        ]}
        lead={`${formatDateTime(s.startsAt)} — ${formatDateTime(s.endsAt)}`}
      >
        <Badge severity="new" noIcon>{`Phase : ${SESSION_PHASE[s.phase]}`}</Badge>
        <Button
          priority="secondary"
          iconId="fr-icon-fullscreen-line"
          linkProps={{ to: `/seances/${s.id}/projection`, target: '_blank', title: 'Vue de projection — nouvelle fenêtre' }}
        >
          Vue de projection
        </Button>
      </PageHeader>
      {announce && <LiveStatus className="fr-sr-only">{announce}</LiveStatus>}
      <p className={`cc-status ${live.joined ? 'cc-status--success' : 'cc-status--warning'}`} role="status">
        <span className="cc-status__dot" aria-hidden="true" />
        {live.joined ? 'En direct' : live.connected ? 'Connexion à la séance…' : 'Hors ligne — reconnexion en cours'}
      </p>
      {live.error && <p className="fr-message fr-message--error">{live.error}</p>}

      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-lg-8">
          <PhaseSection session={s} canEdit={isFacilitator} onChange={setSession} />
          <TimerSection endsAt={endsAt} canEdit={isFacilitator} setTimer={live.setTimer} />
          <AgendaSection
            session={s}
            recById={recById}
            allRecs={recs.data ?? []}
            canEdit={isFacilitator}
            setTimer={live.setTimer}
            onSession={setSession}
            onRec={(r) => setRecs((prev) => (prev ?? []).map((x) => (x.id === r.id ? r : x)))}
            onVoteCreated={() => void votes.reload()}
          />
          <VotesSection votes={votes.data ?? null} error={votes.error} canEdit={isFacilitator} onChanged={() => void votes.reload()} />
          <MinutesSection session={s} />
        </div>
        <div className="fr-col-12 fr-col-lg-4">
          <section className="cc-panel" aria-labelledby="presents-seance">
            <h2 id="presents-seance" className="fr-h6">
              Présents en séance ({live.users.length})
            </h2>
            <ul className="cc-presence">
              {live.users.map((u) => (
                <li key={u.userId}>
                  {u.displayName}
                  {u.userId === me?.id && <span className="cc-you"> (vous)</span>}
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </>
  );
}

function PhaseSection({ session, canEdit, onChange }: { session: Session; canEdit: boolean; onChange: (s: Session) => void }) {
  const idx = PHASES.indexOf(session.phase);
  const move = useAction(async (phase: SessionPhase) => onChange(await sessionsApi.update(session.id, { phase })));
  // closing is final: asked for in a DSFR modal, as for closing a vote
  const request = (phase: SessionPhase) => (phase === 'closed' ? closeSessionModal.open() : void move.run(phase));
  return (
    <section className="fr-mb-5w" aria-labelledby="phase-titre">
      <h2 id="phase-titre" className="fr-h4">
        Déroulé
      </h2>
      <div className="fr-stepper">
        <h3 className="fr-stepper__title">
          {SESSION_PHASE[session.phase]}
          <span className="fr-stepper__state">
            Étape {idx + 1} sur {PHASES.length}
          </span>
        </h3>
        <div className="fr-stepper__steps" data-fr-current-step={idx + 1} data-fr-steps={PHASES.length} />
        {idx < PHASES.length - 1 && (
          <p className="fr-stepper__details">
            <span className="fr-text--bold">Étape suivante :</span> {SESSION_PHASE[PHASES[idx + 1]]}
          </p>
        )}
      </div>
      {canEdit && (
        <>
          <ErrorAlert error={move.error} />
          <div className="cc-inline-actions">
            {PHASES.slice(idx + 1).map((p, i) => (
              <Button key={p} priority={i === 0 ? 'primary' : 'tertiary'} disabled={move.running} onClick={() => request(p)}>
                {`Passer en phase « ${SESSION_PHASE[p]} »`}
              </Button>
            ))}
          </div>
          <p className="fr-text--xs fr-mt-1w">Les phases avancent sans retour possible.</p>
          <closeSessionModal.Component
            title="Clore la séance ?"
            buttons={[
              { children: 'Annuler', priority: 'secondary' },
              { children: 'Clore la séance', iconId: 'fr-icon-lock-line', onClick: () => void move.run('closed') },
            ]}
          >
            <p>
              La séance « {session.title} » passera en phase « {SESSION_PHASE.closed} ». C’est définitif : les phases ne reviennent pas en arrière et la séance ne pourra plus
              être rouverte.
            </p>
          </closeSessionModal.Component>
        </>
      )}
    </section>
  );
}

function TimerSection({ endsAt, canEdit, setTimer }: { endsAt: string | null; canEdit: boolean; setTimer: (s: number | null) => Promise<string | null> }) {
  const now = useNow(500, !!endsAt);
  const remaining = endsAt ? new Date(endsAt).getTime() - now : null;
  const [minutes, setMinutes] = useState('5');
  const [error, setError] = useState<string | null>(null);
  const run = async (seconds: number | null) => setError(await setTimer(seconds));
  return (
    <section className="fr-mb-5w" aria-labelledby="minuteur-titre">
      <h2 id="minuteur-titre" className="fr-h4">
        Minuteur
      </h2>
      <p className={`cc-timer${remaining === null ? ' cc-timer--idle' : remaining <= 0 ? ' cc-timer--over' : ''}`} aria-live="off" data-testid="timer">
        {remaining === null ? 'Aucun minuteur en cours' : remaining > 0 ? formatCountdown(remaining) : 'Temps écoulé'}
      </p>
      {canEdit && (
        <>
          {error && <p className="fr-message fr-message--error">{error}</p>}
          <form
            className="cc-inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              const m = Number(minutes.replace(',', '.'));
              if (!Number.isFinite(m) || m <= 0 || m > 240) return setError('Durée entre 1 et 240 minutes.');
              void run(Math.round(m * 60));
            }}
          >
            <div className="fr-input-group fr-mb-0">
              <label className="fr-label" htmlFor="timer-minutes">
                Durée (minutes)
              </label>
              <input id="timer-minutes" className="fr-input" inputMode="decimal" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
            </div>
            <Button type="submit" iconId="fr-icon-timer-line" size="small">
              Démarrer
            </Button>
            <Button type="button" priority="secondary" size="small" iconId="fr-icon-stop-circle-line" onClick={() => void run(null)} disabled={!endsAt}>
              Arrêter
            </Button>
          </form>
        </>
      )}
    </section>
  );
}

function AgendaSection({
  session,
  recById,
  allRecs,
  canEdit,
  setTimer,
  onSession,
  onRec,
  onVoteCreated,
}: {
  session: Session;
  recById: Map<string, Recommendation>;
  allRecs: Recommendation[];
  canEdit: boolean;
  setTimer: (s: number | null) => Promise<string | null>;
  onSession: (s: Session) => void;
  onRec: (r: Recommendation) => void;
  onVoteCreated: () => void;
}) {
  const [adding, setAdding] = useState('');
  const [minutes, setMinutes] = useState('20');
  const [message, setMessage] = useState<string | null>(null);
  const [voteFor, setVoteFor] = useState<VersionChoice | null | undefined>(undefined);
  const agendaRecIds = session.agenda.map((a) => a.recommendationId);
  // Frozen versions of the agenda's recommendations: what a vote can be on.
  const versions = useAsync(async () => {
    const lists = await Promise.all(agendaRecIds.map((rid) => recsApi.versions(rid).catch(() => [])));
    return agendaRecIds.flatMap((rid, i) => (recById.get(rid) ? lists[i].map((version) => ({ rec: recById.get(rid)!, version })) : []));
  }, [agendaRecIds.join(','), recById.size]);
  const choices = useMemo(() => [...(versions.data ?? [])].sort((a, b) => a.rec.title.localeCompare(b.rec.title) || b.version.number - a.version.number), [versions.data]);

  const [addErrors, setAddErrors] = useState<{ rec?: string; minutes?: string }>({});
  const saveAgenda = useAction(async (agenda: Session['agenda'], done: string) => {
    setMessage(null);
    onSession(await sessionsApi.update(session.id, { agenda }));
    setMessage(done);
  });
  const act = useAction(async (fn: () => Promise<string>) => {
    setMessage(null);
    setMessage(await fn());
  });
  const serverErrors = splitErrors(saveAgenda.error, ['agenda']);

  const add = (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    const m = Number(minutes.trim().replace(',', '.'));
    const errs: { rec?: string; minutes?: string } = {};
    if (!adding) errs.rec = 'Choisissez la recommandation à ajouter.';
    if (!minutes.trim() || !Number.isInteger(m) || m < 1 || m > 480) errs.minutes = 'Indiquez une durée entière entre 1 et 480 minutes.';
    setAddErrors(errs);
    if (errs.rec || errs.minutes) return;
    void saveAgenda.run([...session.agenda, { recommendationId: adding, minutes: m }], 'Ordre du jour mis à jour.');
    setAdding('');
  };
  const move = (i: number, d: -1 | 1) => {
    const next = [...session.agenda];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    void saveAgenda.run(next, 'Ordre du jour réordonné.');
  };

  return (
    <section className="fr-mb-5w" aria-labelledby="odj-titre">
      <h2 id="odj-titre" className="fr-h4">
        Ordre du jour
      </h2>
      <ErrorAlert error={act.error} />
      <GeneralErrors messages={[...serverErrors.general, ...(serverErrors.fields.agenda ?? [])]} title="L’ordre du jour n’a pas été modifié" />
      {message && (
        <p className="fr-text--sm" role="status">
          {message}
        </p>
      )}
      {session.agenda.length === 0 && <p>L’ordre du jour est vide.</p>}
      <ol className="cc-agenda">
        {session.agenda.map((item, i) => {
          const rec = recById.get(item.recommendationId);
          const latest = choices.find((c) => c.rec.id === item.recommendationId);
          return (
            <li key={item.recommendationId} className="cc-agenda__item">
              <div className="cc-agenda__head">
                <span>
                  {rec ? <Link to={`/recommandations/${rec.id}`}>{rec.title}</Link> : 'Recommandation'} — {item.minutes} min
                  {rec?.locked && (
                    <Badge small severity="warning" className="fr-ml-1w" as="span">
                      Verrouillée
                    </Badge>
                  )}
                  {rec && rec.status !== 'draft' && (
                    <Badge small noIcon severity={RECOMMENDATION_SEVERITY[rec.status]} className="fr-ml-1w" as="span">
                      {RECOMMENDATION_STATUS[rec.status]}
                    </Badge>
                  )}
                  {latest && <span className="fr-text--xs"> — dernière version figée : {latest.version.number}</span>}
                </span>
              </div>
              {canEdit && rec && (
                <div className="cc-inline-actions">
                  <Button size="small" iconId="fr-icon-timer-line" priority="secondary" onClick={() => act.run(async () => (await setTimer(item.minutes * 60)) ?? `Minuteur : ${item.minutes} min.`)}>
                    {`Minuteur ${item.minutes} min`}
                  </Button>
                  <Button
                    size="small"
                    iconId="fr-icon-git-commit-line"
                    priority="secondary"
                    onClick={() =>
                      act.run(async () => {
                        try {
                          const v = await recsApi.freeze(rec.id);
                          await versions.reload();
                          return `« ${rec.title} » : version ${v.number} figée.`;
                        } catch (err) {
                          if (err instanceof ApiError && err.code === 'no_change')
                            throw new ApiError(409, { message: `« ${rec.title} » : aucune modification depuis la version ${latest?.version.number ?? 'précédente'}, aucune nouvelle version n’a été figée.`, code: 'no_change' }, '');
                          throw err;
                        }
                      })
                    }
                  >
                    Figer une version
                  </Button>
                  <Button
                    size="small"
                    iconId={rec.locked ? 'fr-icon-lock-unlock-line' : 'fr-icon-lock-line'}
                    priority="secondary"
                    onClick={() =>
                      act.run(async () => {
                        const r = await recsApi.update(rec.id, { locked: !rec.locked });
                        onRec(r);
                        return r.locked ? `« ${rec.title} » verrouillée.` : `« ${rec.title} » déverrouillée.`;
                      })
                    }
                  >
                    {rec.locked ? 'Déverrouiller' : 'Verrouiller'}
                  </Button>
                  <Button size="small" iconId="fr-icon-survey-line" priority="secondary" disabled={!latest} onClick={() => setVoteFor(latest ?? null)}>
                    Mettre au vote
                  </Button>
                  <Button size="small" priority="tertiary no outline" iconId="fr-icon-arrow-up-line" title={`Monter « ${rec.title} »`} disabled={i === 0} onClick={() => move(i, -1)} />
                  <Button
                    size="small"
                    priority="tertiary no outline"
                    iconId="fr-icon-arrow-down-line"
                    title={`Descendre « ${rec.title} »`}
                    disabled={i === session.agenda.length - 1}
                    onClick={() => move(i, 1)}
                  />
                  <Button
                    size="small"
                    priority="tertiary no outline"
                    iconId="fr-icon-delete-line"
                    title={`Retirer « ${rec.title} » de l’ordre du jour`}
                    onClick={() =>
                      saveAgenda.run(
                        session.agenda.filter((a) => a.recommendationId !== item.recommendationId),
                        'Point retiré de l’ordre du jour.',
                      )
                    }
                  />
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {canEdit && (
        <>
          <form onSubmit={add} className="cc-inline-form fr-mt-2w" aria-label="Ajouter un point à l’ordre du jour" noValidate>
            <Select
              label="Ajouter une recommandation"
              state={addErrors.rec ? 'error' : 'default'}
              stateRelatedMessage={addErrors.rec}
              nativeSelectProps={{ value: adding, onChange: (e) => setAdding(e.target.value) }}
            >
              <option value="">Choisir</option>
              {allRecs
                .filter((r) => !agendaRecIds.includes(r.id))
                .map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.title}
                  </option>
                ))}
            </Select>
            <div className={`fr-input-group${addErrors.minutes ? ' fr-input-group--error' : ''}`}>
              <label className="fr-label" htmlFor="agenda-minutes">
                Durée (min)
              </label>
              <input
                id="agenda-minutes"
                className={`fr-input cc-input-narrow${addErrors.minutes ? ' fr-input--error' : ''}`}
                inputMode="numeric"
                value={minutes}
                aria-describedby={addErrors.minutes ? 'agenda-minutes-error' : undefined}
                onChange={(e) => setMinutes(e.target.value)}
              />
              {addErrors.minutes && (
                <p id="agenda-minutes-error" className="fr-error-text">
                  Durée (min) : {addErrors.minutes}
                </p>
              )}
            </div>
            <Button type="submit" size="small" iconId="fr-icon-add-line" disabled={saveAgenda.running}>
              Ajouter
            </Button>
          </form>
          <div className="fr-mt-3w">
            {voteFor === undefined ? (
              <Button priority="secondary" iconId="fr-icon-survey-line" onClick={() => setVoteFor(null)}>
                Préparer un vote
              </Button>
            ) : (
              <>
                <VoteCreateForm
                  key={voteFor?.version.id ?? 'new'}
                  workingGroupId={session.workingGroupId}
                  sessionId={session.id}
                  choices={choices}
                  preset={voteFor}
                  onCreated={(v) => {
                    setVoteFor(undefined);
                    setMessage(`Vote « ${v.title} » créé : ouvrez-le quand la salle est prête.`);
                    onVoteCreated();
                  }}
                />
                <Button priority="tertiary" size="small" className="fr-mt-1w" onClick={() => setVoteFor(undefined)}>
                  Annuler
                </Button>
              </>
            )}
          </div>
        </>
      )}
    </section>
  );
}

function VotesSection({ votes, error, canEdit, onChanged }: { votes: Vote[] | null; error: unknown; canEdit: boolean; onChanged: () => void }) {
  const act = useAction(async (fn: () => Promise<unknown>) => {
    await fn();
    onChanged();
  });
  const [closing, setClosing] = useState<Vote | null>(null);
  return (
    <section className="fr-mb-5w" aria-labelledby="votes-seance">
      <h2 id="votes-seance" className="fr-h4">
        Votes de la séance
      </h2>
      <ErrorAlert error={error ?? act.error} />
      {votes === null && !error && <Loading />}
      {votes && votes.length === 0 && <p>Aucun vote pour cette séance.</p>}
      <ul className="cc-vote-list">
        {(votes ?? []).map((v) => (
          <li key={v.id}>
            <span>
              <Link to={`/votes/${v.id}`}>{v.title}</Link>
              <br />
              <span className="fr-text--sm">
                {VOTE_METHOD[v.method]} — {VOTE_STATUS[v.status]}
                {v.secret ? ' — secret' : ''}
              </span>
            </span>
            <span className="cc-inline-actions">
              {v.status === 'open' && (
                <Button size="small" linkProps={{ to: `/votes/${v.id}` }}>
                  Voter
                </Button>
              )}
              {canEdit && v.status === 'draft' && (
                <Button size="small" iconId="fr-icon-play-line" disabled={act.running} onClick={() => act.run(() => votesApi.open(v.id))}>
                  Ouvrir le vote
                </Button>
              )}
              {canEdit && v.status === 'open' && (
                <Button
                  size="small"
                  priority="secondary"
                  iconId="fr-icon-stop-circle-line"
                  disabled={act.running}
                  onClick={() => {
                    setClosing(v);
                    closeVoteModal.open();
                  }}
                >
                  Clore le vote
                </Button>
              )}
            </span>
          </li>
        ))}
      </ul>
      {canEdit && (
        <closeVoteModal.Component
          title="Clore le vote ?"
          buttons={[
            { children: 'Annuler', priority: 'secondary' },
            { children: 'Clore le vote', iconId: 'fr-icon-stop-circle-line', onClick: () => closing && void act.run(() => votesApi.close(closing.id)) },
          ]}
        >
          <p>{closing ? `Le vote « ${closing.title} » sera clos : plus aucun bulletin ne sera accepté et les résultats deviendront définitifs.` : ''}</p>
        </closeVoteModal.Component>
      )}
    </section>
  );
}

/** The session's minutes, for every member: fetched with the token (a plain link would get a 401). */
function MinutesSection({ session }: { session: Session }) {
  const [done, setDone] = useState<string | null>(null);
  const get = useAction(async (format: 'md' | 'pdf') => {
    setDone(null);
    const name = await download(`/sessions/${session.id}/minutes?format=${format}`, `compte-rendu-${session.id}.${format}`);
    setDone(`Compte rendu téléchargé : ${name}.`);
  });
  return (
    <section className="fr-mb-5w" aria-labelledby="compte-rendu-titre">
      <h2 id="compte-rendu-titre" className="fr-h4">
        Compte rendu
      </h2>
      <p className="fr-text--sm">
        Ordre du jour, versions soumises au vote, votes et résultats, positions reçues{session.phase === 'closed' ? '.' : ' : le compte rendu est provisoire tant que la séance n’est pas close.'}
      </p>
      <ErrorAlert error={get.error} title="Le compte rendu n’a pas pu être téléchargé" />
      <div className="cc-inline-actions">
        <Button priority="secondary" iconId="fr-icon-download-line" disabled={get.running} onClick={() => void get.run('md')}>
          Télécharger (Markdown)
        </Button>
        <Button priority="secondary" iconId="fr-icon-download-line" disabled={get.running} onClick={() => void get.run('pdf')}>
          Télécharger (PDF)
        </Button>
      </div>
      {done && (
        <p className="fr-text--sm fr-mt-1w" role="status">
          {done}
        </p>
      )}
    </section>
  );
}
