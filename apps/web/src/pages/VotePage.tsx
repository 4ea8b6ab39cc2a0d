import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { ApiError } from '../api/client';
import { groups as groupsApi, votes as votesApi, withRecommendationTitles } from '../api/endpoints';
import type { ApprovalChoice, BallotBody, ConsentChoice, Grade, Vote, VoteResults } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { optionLabel, Results } from '../components/Results';
import { ErrorAlert, GeneralErrors, Loading, LiveStatus, PageHeader } from '../components/ui';
import { splitErrors } from '../lib/errors';
import { formatDateTime } from '../lib/format';
import { useAction, useAsync } from '../lib/hooks';
import { APPROVAL_CHOICE, CONSENT_CHOICE, GRADE, GRADES, RESULTS_VISIBILITY, VOTE_METHOD, VOTE_SCOPE, VOTE_STATUS } from '../lib/labels';
import { useLiveSession } from '../live/useLiveSession';

const receiptKey = (voteId: string) => `concertation.receipt.${voteId}`;

function storedReceipt(voteId: string): string | null {
  try {
    return localStorage.getItem(receiptKey(voteId));
  } catch {
    return null;
  }
}

/** A vote: the ballot of its method, the receipt and its check, the results (live or final). */
export function VotePage() {
  const { id = '' } = useParams();
  const { roleIn } = useAuth();
  const vote = useAsync(() => votesApi.get(id).then(withRecommendationTitles), [id]);
  const v = vote.data;
  const group = useAsync(() => (v ? groupsApi.get(v.workingGroupId) : Promise.resolve(null)), [v?.workingGroupId]);
  const participation = useAsync(() => votesApi.participation(id).catch(() => null), [id]);
  const resultsAllowed = !!v && (v.status === 'closed' || (v.status === 'open' && v.resultsVisibility === 'live'));
  // The latest live tally: results read over HTTP give way to a tally that arrived while they were
  // on their way (they may predate it).
  const lastTally = useRef<{ n: number; results: VoteResults | null }>({ n: 0, results: null });
  const results = useAsync(async () => {
    if (!resultsAllowed) return null;
    const seen = lastTally.current.n;
    const read = await votesApi.results(id);
    return lastTally.current.n === seen ? read : lastTally.current.results;
  }, [id, resultsAllowed, v?.status]);
  const [receipt, setReceipt] = useState<string | null>(() => storedReceipt(id));

  const setVote = vote.setData;
  const setResults = results.setData;
  const reloadAll = () => {
    void vote.reload();
    void participation.reload();
    if (resultsAllowed) void results.reload();
  };

  // Live: the vote's session room (tally, close); without a session, a light poll while open.
  const live = useLiveSession(v?.sessionId ?? null, {
    onVoteTally: (e) => {
      if (e.voteId !== id) return;
      lastTally.current = { n: lastTally.current.n + 1, results: e.results };
      setResults(e.results);
    },
    onVoteClosed: (e) => {
      if (e.voteId !== id) return;
      lastTally.current = { n: lastTally.current.n + 1, results: e.results };
      setVote((prev) => (prev ? { ...prev, status: 'closed' } : prev!));
      setResults(e.results);
      void participation.reload();
    },
    onVoteOpened: (e) => e.voteId === id && reloadAll(),
    onResync: () => reloadAll(),
  });
  useEffect(() => {
    if (!v || v.sessionId || v.status !== 'open') return;
    const t = setInterval(() => {
      void votesApi.get(id).then(withRecommendationTitles).then((x) => setVote(x), () => undefined);
    }, 5000);
    return () => clearInterval(t);
  }, [v, id, setVote]);

  if (vote.error) return <ErrorAlert error={vote.error} />;
  if (!v) return <Loading />;
  const role = roleIn(v.workingGroupId);
  const p = participation.data;
  const canVote = v.status === 'open' && (p ? p.me.eligible && !p.me.voted : role === 'facilitator' || role === 'participant');

  return (
    <>
      <PageHeader
        title={v.title}
        crumbs={[
          { label: 'Mes groupes', to: '/mes-groupes' },
          ...(group.data ? [{ label: group.data.title, to: `/groupes/${group.data.id}` }] : []),
          ...(v.sessionId ? [{ label: 'Séance', to: `/seances/${v.sessionId}` }] : []),
        ]}
      >
        <Badge severity={v.status === 'open' ? 'new' : v.status === 'closed' ? 'info' : undefined} noIcon>
          {`Vote ${VOTE_STATUS[v.status].toLowerCase()}`}
        </Badge>
      </PageHeader>
      <ul className="cc-facts fr-mb-3w">
        <li>
          <strong>Méthode :</strong> {VOTE_METHOD[v.method]}
        </li>
        <li>
          <strong>Décompte :</strong> {VOTE_SCOPE[v.scope]}
        </li>
        <li>
          <strong>Scrutin :</strong> {v.secret ? 'secret (ce que vous votez n’est jamais relié à votre nom)' : 'public (les choix de chacun sont consultables)'}
        </li>
        <li data-testid="results-state">
          <strong>Résultats :</strong> {resultsState(v)}
        </li>
        {v.openedAt && (
          <li>
            <strong>Ouvert le :</strong> {formatDateTime(v.openedAt)}
          </li>
        )}
        {v.closedAt && (
          <li>
            <strong>Clos le :</strong> {formatDateTime(v.closedAt)}
          </li>
        )}
        {p && v.status !== 'draft' && (
          <li>
            <strong>Participation :</strong> {p.cast} bulletin{p.cast > 1 ? 's' : ''} sur {p.eligible} inscrit{p.eligible > 1 ? 's' : ''}
          </li>
        )}
      </ul>
      {live.error && v.sessionId && <p className="fr-text--sm fr-message fr-message--warning">{live.error}</p>}

      <section className="fr-mb-5w" aria-labelledby="options-titre">
        <h2 id="options-titre" className="fr-h4">
          {v.options.length > 1 ? 'Options soumises au vote' : 'Texte soumis au vote'}
        </h2>
        <ul>
          {v.options.map((o) => (
            <li key={o.id}>
              {o.recommendationId ? <Link to={`/recommandations/${o.recommendationId}`}>{optionLabel(o)}</Link> : optionLabel(o)}
              {o.contentHash && <span className="fr-text--xs cc-hash"> — SHA-256 {o.contentHash.slice(0, 12)}…</span>}
            </li>
          ))}
        </ul>
      </section>

      <section className="fr-mb-5w" aria-labelledby="bulletin-titre">
        <h2 id="bulletin-titre" className="fr-h4">
          Votre bulletin
        </h2>
        {v.status === 'draft' && <p>Le vote n’est pas encore ouvert.</p>}
        {v.status === 'closed' && !receipt && <p>Le vote est clos.</p>}
        {p?.me.voted && <MyBallot vote={v} ballot={p.me.ballot} hasReceipt={!!receipt} />}
        {v.status === 'open' && p && !p.me.eligible && <p>Vous n’êtes pas inscrit·e sur la liste des votants de ce scrutin (liste arrêtée à l’ouverture du vote).</p>}
        {canVote && !receipt && (
          <BallotForm
            vote={v}
            onConflict={reloadAll}
            onCast={(r) => {
              setReceipt(r);
              try {
                localStorage.setItem(receiptKey(v.id), r);
              } catch {}
              void participation.reload();
              if (resultsAllowed) void results.reload();
            }}
          />
        )}
        {receipt && <ReceiptBox voteId={v.id} receipt={receipt} />}
        {!receipt && v.status !== 'draft' && <ReceiptCheck voteId={v.id} />}
      </section>

      <section className="fr-mb-5w" aria-labelledby="resultats-titre">
        <h2 id="resultats-titre" className="fr-h4">
          Résultats
        </h2>
        <ErrorAlert error={results.error} />
        {!resultsAllowed && <p>{v.status === 'draft' ? 'Le vote n’est pas encore ouvert.' : 'Les résultats seront publiés à la clôture du vote.'}</p>}
        {resultsAllowed && !results.data && !results.error && <Loading />}
        {results.data && <Results vote={v} results={results.data as VoteResults} />}
      </section>
    </>
  );
}

/** One label per state of the vote (a closed vote's results are never « en direct »). */
function resultsState(v: Vote): string {
  if (v.status === 'closed') return 'définitifs (vote clos)';
  if (v.status === 'open') return v.resultsVisibility === 'live' && !v.secret ? 'provisoires, en direct pendant le vote' : 'publiés à la clôture du vote';
  return `publication ${RESULTS_VISIBILITY[v.resultsVisibility].toLowerCase()}${v.resultsVisibility === 'live' ? ' pendant le vote' : ' du vote'}`;
}

/**
 * What the voter did: for a public vote, their choice as recorded by the server; for a secret
 * one nothing links them to their ballot, so the receipt (kept on the device that voted) is
 * the only trace.
 */
function MyBallot({ vote, ballot, hasReceipt }: { vote: Vote; ballot?: { choice?: string; reason?: string; grades?: Record<string, string> }; hasReceipt: boolean }) {
  const choiceLabel = (c?: string) => (c ? ((APPROVAL_CHOICE as Record<string, string>)[c] ?? (CONSENT_CHOICE as Record<string, string>)[c] ?? c) : '');
  if (!vote.secret && ballot) {
    return (
      <div className="fr-callout fr-mb-2w" data-testid="my-ballot">
        <h3 className="fr-callout__title fr-h6">{vote.scope === 'organization' ? 'Le vote de votre organisation' : 'Votre vote'}</h3>
        {ballot.choice && (
          <p className="fr-callout__text fr-text--md">
            Vous avez voté : <strong>{choiceLabel(ballot.choice)}</strong>
            {ballot.reason ? <> — motif : « {ballot.reason} »</> : null}
          </p>
        )}
        {ballot.grades && (
          <ul className="fr-callout__text fr-text--md">
            {vote.options.map((o) => (
              <li key={o.id}>
                {optionLabel(o)} : <strong>{ballot.grades?.[o.id] ? GRADE[ballot.grades[o.id] as Grade] : '—'}</strong>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <div className="fr-callout fr-mb-2w" data-testid="my-ballot">
      <h3 className="fr-callout__title fr-h6">Vous avez voté</h3>
      <p className="fr-callout__text fr-text--md">
        {vote.secret
          ? hasReceipt
            ? 'Scrutin secret : votre choix n’est relié à votre nom nulle part. Votre reçu, ci-dessous, permet de vérifier que votre bulletin a été compté.'
            : 'Scrutin secret : votre choix n’est relié à votre nom nulle part. Votre reçu n’est affiché que sur l’appareil et le navigateur où vous avez voté.'
          : vote.scope === 'organization'
            ? 'Votre organisation a déjà voté.'
            : 'Votre bulletin est enregistré.'}
      </p>
    </div>
  );
}

function BallotForm({ vote, onCast, onConflict }: { vote: Vote; onCast: (receipt: string) => void; onConflict: () => void }) {
  const [choice, setChoice] = useState<ApprovalChoice | ConsentChoice | ''>('');
  const [reason, setReason] = useState('');
  const [grades, setGrades] = useState<Record<string, Grade>>({});
  const [local, setLocal] = useState<Record<string, string>>({});

  const cast = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    let body: BallotBody;
    if (vote.method === 'majority_judgment') {
      for (const o of vote.options) if (!grades[o.id]) errs[`grades.${o.id}`] = 'Attribuez une mention à cette option.';
      body = { grades };
    } else if (vote.method === 'consent') {
      if (!choice) errs.choice = 'Choisissez : consentement ou objection.';
      if (choice === 'objection' && !reason.trim()) errs.reason = 'Une objection doit être motivée.';
      body = choice === 'objection' ? { choice: 'objection', reason: reason.trim() } : { choice: 'consent' };
    } else {
      if (!choice) errs.choice = 'Choisissez pour, contre ou abstention.';
      body = { choice: choice as ApprovalChoice };
    }
    setLocal(errs);
    if (Object.keys(errs).length) return;
    try {
      const res = await votesApi.ballot(vote.id, body);
      onCast(res.receipt);
    } catch (err) {
      // already voted, or the vote closed meanwhile: refresh what the page shows
      if (err instanceof ApiError && err.status === 409) onConflict();
      throw err;
    }
  });
  const server = splitErrors(cast.error, ['choice', 'reason', 'grades']);
  const err = (f: string) => local[f] ?? server.fields[f]?.join(' ; ');

  return (
    <form onSubmit={cast.run} className="cc-panel" aria-labelledby="bulletin-titre" noValidate>
      <GeneralErrors messages={server.general} title="Votre bulletin n’a pas été enregistré" />
      {vote.method === 'approval' && (
        <RadioButtons
          legend="Votre choix"
          name="choice"
          state={err('choice') ? 'error' : 'default'}
          stateRelatedMessage={err('choice')}
          options={(['for', 'against', 'abstain'] as ApprovalChoice[]).map((c) => ({
            label: APPROVAL_CHOICE[c],
            nativeInputProps: { value: c, checked: choice === c, onChange: () => setChoice(c) },
          }))}
        />
      )}
      {vote.method === 'consent' && (
        <>
          <RadioButtons
            legend="Votre choix"
            name="choice"
            hintText="Objecter, c’est dire que la proposition présente un risque ou un défaut que le groupe doit traiter avant de l’adopter."
            state={err('choice') ? 'error' : 'default'}
            stateRelatedMessage={err('choice')}
            options={(['consent', 'objection'] as ConsentChoice[]).map((c) => ({
              label: CONSENT_CHOICE[c],
              nativeInputProps: { value: c, checked: choice === c, onChange: () => setChoice(c) },
            }))}
          />
          {choice === 'objection' && (
            <Input
              textArea
              label="Motif de l’objection (obligatoire)"
              hintText={vote.secret ? 'Le motif est publié sans votre nom.' : 'Le motif est publié avec votre nom.'}
              state={err('reason') ? 'error' : 'default'}
              stateRelatedMessage={err('reason')}
              nativeTextAreaProps={{ name: 'reason', rows: 4, value: reason, onChange: (e) => setReason(e.target.value), maxLength: 2000 }}
            />
          )}
        </>
      )}
      {vote.method === 'majority_judgment' && (
        <>
          <p>Attribuez une mention à chaque option, de « {GRADE.excellent} » à « {GRADE.reject} ».</p>
          {server.fields.grades && <p className="fr-message fr-message--error">{server.fields.grades.join(' ; ')}</p>}
          {vote.options.map((o) => (
            <RadioButtons
              key={o.id}
              legend={optionLabel(o)}
              name={`grade-${o.id}`}
              orientation="horizontal"
              small
              state={err(`grades.${o.id}`) ? 'error' : 'default'}
              stateRelatedMessage={err(`grades.${o.id}`)}
              options={GRADES.map((g) => ({
                label: GRADE[g],
                nativeInputProps: { value: g, checked: grades[o.id] === g, onChange: () => setGrades((x) => ({ ...x, [o.id]: g })) },
              }))}
            />
          ))}
        </>
      )}
      <p className="fr-text--sm">Un seul bulletin par {vote.scope === 'organization' ? 'organisation' : 'personne'} : il ne pourra pas être modifié.</p>
      <Button type="submit" disabled={cast.running} iconId="fr-icon-checkbox-circle-line">
        {cast.running ? 'Envoi du bulletin…' : 'Voter'}
      </Button>
    </form>
  );
}

function ReceiptBox({ voteId, receipt }: { voteId: string; receipt: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="fr-alert fr-alert--success" data-testid="receipt">
      <h3 className="fr-alert__title">Votre bulletin a été enregistré</h3>
      <p>
        Votre reçu : <code className="cc-receipt">{receipt}</code>
      </p>
      <p className="fr-text--sm">Conservez ce reçu : il permet de vérifier que votre bulletin a été compté, sans révéler votre choix.</p>
      <div className="cc-inline-actions">
        <Button
          size="small"
          priority="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(receipt).then(() => setCopied(true), () => undefined);
          }}
        >
          Copier le reçu
        </Button>
        {copied && <LiveStatus className="fr-text--sm fr-mb-0">Reçu copié.</LiveStatus>}
      </div>
      <ReceiptCheck voteId={voteId} initial={receipt} />
    </div>
  );
}

function ReceiptCheck({ voteId, initial = '' }: { voteId: string; initial?: string }) {
  const [value, setValue] = useState(initial);
  const [result, setResult] = useState<string | null>(null);
  const check = useAction(async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    try {
      const r = await votesApi.receipt(voteId, value.trim());
      setResult(r.counted ? 'Ce reçu correspond à un bulletin compté dans ce vote.' : 'Ce reçu n’est pas compté.');
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        setResult('Reçu inconnu : aucun bulletin de ce vote ne correspond à ce reçu.');
        return;
      }
      throw err;
    }
  });
  return (
    <form onSubmit={check.run} className="cc-inline-form fr-mt-2w" aria-label="Vérifier un reçu">
      <div className="fr-input-group fr-mb-0">
        <label className="fr-label" htmlFor={`receipt-${voteId}`}>
          Vérifier un reçu
        </label>
        <input id={`receipt-${voteId}`} className="fr-input" value={value} onChange={(e) => setValue(e.target.value)} required />
      </div>
      <Button type="submit" size="small" priority="secondary" disabled={check.running || !value.trim()}>
        Vérifier
      </Button>
      <ErrorAlert error={check.error} className="fr-mt-1w" />
      {result && (
        <p className="fr-text--sm fr-mb-0 cc-receipt-result" role="status">
          {result}
        </p>
      )}
    </form>
  );
}
