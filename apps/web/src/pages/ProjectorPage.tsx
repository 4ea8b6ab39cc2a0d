import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { sessions as sessionsApi, votes as votesApi, withRecommendationTitles } from '../api/endpoints';
import type { Participation, Vote, VoteResults } from '../api/types';
import { Results } from '../components/Results';
import { ErrorAlert, Loading } from '../components/ui';
import { formatCountdown } from '../lib/format';
import { useAsync, useNow, usePageTitle } from '../lib/hooks';
import { SESSION_PHASE, VOTE_METHOD } from '../lib/labels';
import { useLiveSession } from '../live/useLiveSession';

const AMENDMENT_DECISION: Record<string, string> = { adopted: 'adopté', rejected: 'rejeté', lapsed: 'tombé', withdrawn: 'retiré' };

/** The vote to show: the open one opened last, else the one closed last. */
function currentVote(votes: Vote[]): Vote | null {
  const by = (f: (v: Vote) => string | null | undefined) => (a: Vote, b: Vote) => (f(b) ?? '').localeCompare(f(a) ?? '');
  const open = votes.filter((v) => v.status === 'open').sort(by((v) => v.openedAt));
  if (open.length) return open[0];
  const closed = votes.filter((v) => v.status === 'closed').sort(by((v) => v.closedAt));
  return closed[0] ?? null;
}

/** Full-screen view for the room's projector: phase, timer, the current vote's live results. */
export function ProjectorPage() {
  const { id = '' } = useParams();
  const session = useAsync(() => sessionsApi.get(id), [id]);
  const votes = useAsync(() => sessionsApi.votes(id), [id]);
  const listed = useMemo(() => currentVote(votes.data ?? []), [votes.data]);
  const titled = useAsync(() => (listed ? withRecommendationTitles(listed) : Promise.resolve(null)), [listed?.id, listed?.status]);
  const vote = listed && titled.data?.id === listed.id ? { ...titled.data, status: listed.status } : listed;
  const [tally, setTally] = useState<{ voteId: string; results: VoteResults } | null>(null);
  const [participation, setParticipation] = useState<Participation | null>(null);
  const [amendmentNews, setAmendmentNews] = useState<string | null>(null);
  usePageTitle(session.data ? `Projection — ${session.data.title}` : 'Projection');

  const voteId = vote?.id;
  const resultsVisible = !!vote && (vote.status === 'closed' || vote.resultsVisibility === 'live');
  // Live tallies received so far: results read over HTTP are dropped when a tally arrived while
  // they were on their way (they may predate it: a ballot counted by the tally, not by them).
  const tallies = useRef(0);
  const loadVoteState = useCallback(async () => {
    if (!voteId) return;
    const seen = tallies.current;
    const [r, p] = await Promise.all([resultsVisible ? votesApi.results(voteId).catch(() => null) : Promise.resolve(null), votesApi.participation(voteId).catch(() => null)]);
    if (tallies.current === seen) setTally(r ? { voteId, results: r } : null);
    setParticipation(p);
  }, [voteId, resultsVisible]);
  useEffect(() => {
    setParticipation(null);
    void loadVoteState();
  }, [loadVoteState]);
  // Participation of a vote without live results (secret or after close): a light poll.
  useEffect(() => {
    if (!voteId || vote?.status !== 'open' || resultsVisible) return;
    const t = setInterval(() => void votesApi.participation(voteId).then(setParticipation, () => undefined), 3000);
    return () => clearInterval(t);
  }, [voteId, vote?.status, resultsVisible]);

  const setSession = session.setData;
  const reloadVotes = votes.reload;
  const reloadSession = session.reload;
  const live = useLiveSession(id, {
    onPhase: (e) => setSession((prev) => (prev ? { ...prev, phase: e.phase } : prev!)),
    onVoteOpened: () => void reloadVotes(),
    onVoteTally: (e) => {
      tallies.current++;
      setTally({ voteId: e.voteId, results: e.results });
    },
    onVoteClosed: (e) => {
      tallies.current++;
      setTally({ voteId: e.voteId, results: e.results });
      void reloadVotes();
    },
    onAmendmentSubmitted: () => setAmendmentNews('Nouvel amendement déposé'),
    onAmendmentDecided: (e) => setAmendmentNews(`Amendement ${AMENDMENT_DECISION[e.status] ?? e.status}`),
    onResync: useCallback(() => {
      void reloadSession();
      void reloadVotes();
    }, [reloadSession, reloadVotes]),
  });
  const now = useNow(500, !!live.endsAt);
  const remaining = live.endsAt ? new Date(live.endsAt).getTime() - now : null;

  if (session.error) return <ErrorAlert error={session.error} />;
  if (!session.data) return <Loading />;
  const s = session.data;
  // results of another vote (a tally that arrived before the list was re-read) are not shown
  const results = tally && vote && tally.voteId === vote.id ? tally.results : null;
  const cast = (results as { cast?: number } | null)?.cast ?? participation?.cast;
  const eligible = (results as { eligible?: number } | null)?.eligible ?? participation?.eligible;
  return (
    <main className="cc-projector" id="contenu">
      <header className="cc-projector__head">
        <div>
          <p className="cc-projector__brand">Concertation</p>
          <h1 className="cc-projector__title">{s.title}</h1>
          <p className="cc-projector__phase">Phase : {SESSION_PHASE[s.phase]}</p>
        </div>
        <div className="cc-projector__side">
          {remaining !== null && (
            <p className={`cc-projector__timer${remaining <= 0 ? ' cc-timer--over' : ''}`} data-testid="projector-timer">
              <span className="fr-sr-only">Temps restant : </span>
              {remaining > 0 ? formatCountdown(remaining) : 'Temps écoulé'}
            </p>
          )}
          <p className={`cc-status ${live.joined ? 'cc-status--success' : 'cc-status--warning'}`} role="status">
            <span className="cc-status__dot" aria-hidden="true" />
            {live.joined ? 'En direct' : 'Reconnexion…'}
          </p>
          <p className="cc-projector__tools">
            <button type="button" className="fr-btn fr-btn--sm fr-btn--secondary" onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
              Plein écran
            </button>{' '}
            <Link className="fr-link fr-text--sm" to={`/seances/${s.id}`}>
              Quitter la projection
            </Link>
          </p>
        </div>
      </header>
      {amendmentNews && (
        <p className="cc-projector__count" role="status" data-testid="projector-amendment">
          {amendmentNews}
        </p>
      )}
      <section className="cc-projector__body" aria-live="polite" aria-labelledby="projection-vote">
        {!vote ? (
          <p className="cc-projector__empty" id="projection-vote">
            Aucun vote en cours.
          </p>
        ) : (
          <>
            <h2 id="projection-vote" className="cc-projector__vote">
              {vote.title}
              <span className="cc-projector__method"> — {VOTE_METHOD[vote.method]}</span>
            </h2>
            <p className="cc-projector__count" data-testid="projector-count">
              {vote.status === 'open' ? 'Vote ouvert' : 'Vote clos'}
              {cast !== undefined && ` — ${cast} bulletin${cast > 1 ? 's' : ''}${eligible !== undefined ? ` sur ${eligible}` : ''}`}
            </p>
            {results ? (
              <Results vote={vote} results={results} large />
            ) : (
              <p className="cc-projector__empty">{resultsVisible ? 'Chargement des résultats…' : 'Résultats à la clôture du vote.'}</p>
            )}
          </>
        )}
      </section>
    </main>
  );
}
