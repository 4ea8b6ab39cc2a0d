import { useEffect, useMemo, useState } from 'react';
import { useParams } from 'react-router-dom';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Tabs } from '@codegouvfr/react-dsfr/Tabs';
import { groups as groupsApi, recommendations } from '../api/endpoints';
import type { Recommendation, RecommendationStatus } from '../api/types';
import { useAuth, useMe } from '../auth/AuthContext';
import { LiveEditor } from '../collab/LiveEditor';
import { closeMessage, useCollab, type CollabState } from '../collab/useCollab';
import { ErrorAlert, GeneralErrors, Loading, PageHeader } from '../components/ui';
import { splitErrors } from '../lib/errors';
import { colorFor, formatDateTime, fromLocalInput, toLocalInput } from '../lib/format';
import { useAction, useAsync } from '../lib/hooks';
import { GROUP_ROLE, HORIZON, RECOMMENDATION_SEVERITY, RECOMMENDATION_STATUS } from '../lib/labels';
import { AmendmentsPanel } from './recommendation/AmendmentsPanel';
import { MilestonesPanel } from './recommendation/MilestonesPanel';
import { PositionsPanel } from './recommendation/PositionsPanel';
import { ProvenancePanel } from './recommendation/ProvenancePanel';
import { VersionsPanel } from './recommendation/VersionsPanel';

const NEXT_STATUS: Record<RecommendationStatus, RecommendationStatus[]> = {
  draft: ['under_review', 'withdrawn'],
  under_review: ['adopted', 'rejected', 'withdrawn'],
  adopted: [],
  rejected: [],
  withdrawn: [],
};

type TabId = 'redaction' | 'versions' | 'amendements' | 'provenance' | 'positions' | 'jalons';

/** A recommendation: the live editor, versions and diffs, positions, milestones, facilitation. */
export function RecommendationPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { roleIn } = useAuth();
  const rec = useAsync(() => recommendations.get(id), [id]);
  const groupId = rec.data?.workingGroupId;
  const group = useAsync(() => (groupId ? groupsApi.get(groupId) : Promise.resolve(null)), [groupId]);
  const role = roleIn(groupId);
  const isMember = !!role;
  const members = useAsync(() => (groupId && isMember ? groupsApi.members(groupId) : Promise.resolve([])), [groupId, isMember]);
  const versions = useAsync(() => recommendations.versions(id), [id]);
  const [tab, setTab] = useState<TabId>('redaction');

  // The lock can change at any moment (a facilitator elsewhere): re-read it regularly and on focus.
  const setRec = rec.setData;
  useEffect(() => {
    const refresh = () => {
      if (document.visibilityState === 'visible') void recommendations.get(id).then((r) => setRec(r), () => undefined);
    };
    const timer = setInterval(refresh, 10_000);
    window.addEventListener('focus', refresh);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', refresh);
    };
  }, [id, setRec]);

  const collab = useCollab(rec.data && (isMember || me.role === 'admin') ? (rec.data.docName ?? `recommendation:${id}`) : null);
  const nameOf = useMemo(() => {
    const m = new Map((members.data ?? []).map((x) => [x.userId, x.displayName ?? '']));
    return (uid: string | null) => (uid && m.get(uid)) || (uid === me.id ? me.displayName : 'un membre');
  }, [members.data, me]);

  if (rec.error) return <ErrorAlert error={rec.error} />;
  if (!rec.data) return <Loading />;
  const r = rec.data;
  const isFacilitator = role === 'facilitator';
  const readOnlyReason = r.locked
    ? 'Cette recommandation est verrouillée par l’animation : le texte est en lecture seule pour tout le monde.'
    : role === 'observer'
      ? 'Vous êtes observateur·rice de ce groupe : vous suivez la rédaction en direct, sans pouvoir modifier le texte.'
      : !isMember
        ? 'Vous n’êtes pas membre de ce groupe : le texte est en lecture seule.'
        : null;

  const crumbs = [
    { label: 'Mes groupes', to: '/mes-groupes' },
    ...(group.data ? [{ label: group.data.title, to: `/groupes/${group.data.id}` }] : []),
  ];

  return (
    <>
      <PageHeader title={r.title} crumbs={crumbs}>
        <ul className="fr-badges-group">
          <li>
            <Badge noIcon severity={RECOMMENDATION_SEVERITY[r.status]}>
              {RECOMMENDATION_STATUS[r.status]}
            </Badge>
          </li>
          <li>
            <Badge noIcon severity={r.horizon === 'quick_win' ? 'new' : 'info'}>
              {HORIZON[r.horizon]}
            </Badge>
          </li>
          {r.locked && (
            <li>
              <Badge severity="warning">Verrouillée</Badge>
            </li>
          )}
          {role && (
            <li>
              <Badge noIcon>{`Vous : ${GROUP_ROLE[role]}`}</Badge>
            </li>
          )}
        </ul>
      </PageHeader>
      {isFacilitator && <FacilitatorBar rec={r} onChange={(x) => rec.setData(x)} />}
      <Tabs
        label="Sections de la recommandation"
        selectedTabId={tab}
        onTabChange={(t) => setTab(t as TabId)}
        tabs={[
          { tabId: 'redaction', label: 'Rédaction en direct', iconId: 'fr-icon-edit-line' },
          { tabId: 'versions', label: `Versions (${versions.data?.length ?? '…'})`, iconId: 'fr-icon-git-commit-line' },
          { tabId: 'amendements', label: 'Amendements', iconId: 'fr-icon-edit-box-line' },
          { tabId: 'provenance', label: 'Qui a écrit quoi', iconId: 'fr-icon-team-line' },
          { tabId: 'positions', label: 'Positions', iconId: 'fr-icon-quill-pen-line' },
          { tabId: 'jalons', label: 'Jalons', iconId: 'fr-icon-flag-line' },
        ]}
      >
        {tab === 'redaction' && <DraftTab collab={collab} readOnlyReason={readOnlyReason} me={{ id: me.id, name: me.displayName }} title={r.title} />}
        {tab === 'versions' && <VersionsPanel recommendationId={r.id} versions={versions} canFreeze={isFacilitator} nameOf={nameOf} />}
        {tab === 'amendements' &&
          (versions.data ? <AmendmentsPanel rec={r} latest={[...versions.data].sort((a, b) => b.number - a.number)[0] ?? null} role={role} me={me} /> : <Loading />)}
        {tab === 'provenance' && (versions.data ? <ProvenancePanel recommendationId={r.id} versions={versions.data} /> : <Loading />)}
        {tab === 'positions' && (versions.data ? <PositionsPanel rec={r} versions={versions.data} me={me} /> : <Loading />)}
        {tab === 'jalons' && <MilestonesPanel recommendationId={r.id} canEdit={isFacilitator} />}
      </Tabs>
    </>
  );
}

function DraftTab({ collab, readOnlyReason, me, title }: { collab: CollabState; readOnlyReason: string | null; me: { id: string; name: string }; title: string }) {
  const user = useMemo(() => ({ name: me.name, color: colorFor(me.id) }), [me.id, me.name]);
  const readOnly = !!readOnlyReason || collab.status === 'closed';
  return (
    <div className="fr-grid-row fr-grid-row--gutters">
      <div className="fr-col-12 fr-col-lg-9">
        {readOnlyReason && (
          <div className="fr-notice fr-notice--info fr-mb-2w cc-readonly-banner">
            <div className="fr-container">
              <div className="fr-notice__body">
                <p className="fr-notice__title" role="status">
                  <span className="fr-icon-lock-line fr-mr-1w" aria-hidden="true" />
                  Lecture seule. {readOnlyReason}
                </p>
              </div>
            </div>
          </div>
        )}
        {collab.closed && (
          <div className="fr-alert fr-alert--error fr-mb-2w" role="alert">
            <h3 className="fr-alert__title">Rédaction interrompue</h3>
            <p>{closeMessage(collab.closed.code)}</p>
          </div>
        )}
        <ConnectionStatus collab={collab} />
        {/* never an editor over a text that was never loaded (a copy kept in this browser counts) */}
        {collab.session && collab.synced ? (
          <LiveEditor session={collab.session} user={user} readOnly={readOnly} label={`Texte de la recommandation « ${title} »`} />
        ) : collab.status !== 'closed' ? (
          collab.offline || collab.unreachable ? (
            <div className="fr-alert fr-alert--warning fr-mb-2w" data-testid="draft-not-loaded">
              <h3 className="fr-alert__title">Le texte n’a pas pu être chargé</h3>
              <p>
                {collab.offline ? 'Vous êtes hors ligne et le texte n’a encore jamais été chargé sur cet appareil.' : 'Le serveur de rédaction est injoignable (réseau coupé, ou connexion bloquée par le réseau de votre organisation).'}{' '}
                Le texte s’affichera et pourra être modifié dès que la connexion sera rétablie ; nouvelle tentative en cours.
              </p>
            </div>
          ) : (
            <Loading label="Chargement du texte…" />
          )
        ) : null}
      </div>
      <div className="fr-col-12 fr-col-lg-3">
        <section className="cc-panel" aria-labelledby="presents-titre">
          <h2 id="presents-titre" className="fr-h6">
            Présents sur le brouillon ({collab.users.length})
          </h2>
          <ul className="cc-presence" aria-live="polite">
            {collab.users.map((u) => (
              <li key={u.clientId}>
                <span className="cc-presence__dot" style={{ backgroundColor: u.color }} aria-hidden="true" />
                {u.name}
                {u.self && <span className="cc-you"> (vous)</span>}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}

/** Plural of "modification(s)" with the count. */
const edits = (n: number) => `${n} modification${n > 1 ? 's' : ''}`;

/**
 * "Enregistré" only when the server acknowledged every local edit (message type 100 over the
 * websocket, the POST answers over HTTP); "conservées" only when they really are in IndexedDB.
 */
export function ConnectionStatus({ collab }: { collab: CollabState }) {
  let text: string;
  let cls: string;
  const waiting = collab.pending;
  if (collab.status === 'closed') {
    text = waiting > 0 ? `Déconnecté — ${edits(waiting)} non enregistrée${waiting > 1 ? 's' : ''}` : 'Déconnecté';
    cls = 'cc-status--error';
  } else if (collab.status !== 'connected') {
    const s = waiting > 1 ? 's' : '';
    const where = collab.keptLocally ? `, conservée${s} dans ce navigateur ; vos modifications seront envoyées à la reconnexion` : ` (non conservée${s} si vous fermez cet onglet) ; vos modifications seront envoyées à la reconnexion`;
    text =
      waiting > 0
        ? `Hors ligne — ${edits(waiting)} en attente${where}`
        : collab.offline
          ? 'Hors ligne — en attente du réseau'
          : collab.status === 'connecting'
            ? 'Connexion…'
            : 'Hors ligne — reconnexion en cours';
    cls = 'cc-status--warning';
  } else if (!collab.synced) {
    text = 'Synchronisation…';
    cls = 'cc-status--info';
  } else if (waiting > 0) {
    text = collab.transport === 'http' ? `Connexion dégradée : enregistrement de ${edits(waiting)}…` : `Enregistrement de ${edits(waiting)}…`;
    cls = 'cc-status--info';
  } else if (collab.transport === 'http') {
    text = 'Connexion dégradée : vos modifications sont enregistrées';
    cls = 'cc-status--success';
  } else {
    text = 'Enregistré';
    cls = 'cc-status--success';
  }
  return (
    <p className={`cc-status ${cls}`} role="status" aria-live="polite" data-testid="save-status" data-transport={collab.transport} data-pending={waiting}>
      <span className="cc-status__dot" aria-hidden="true" />
      {text}
    </p>
  );
}

function FacilitatorBar({ rec, onChange }: { rec: Recommendation; onChange: (r: Recommendation) => void }) {
  const [deadline, setDeadline] = useState(rec.positionsDeadline ? toLocalInput(new Date(rec.positionsDeadline)) : '');
  const [message, setMessage] = useState<string | null>(null);
  const act = useAction(async (body: Parameters<typeof recommendations.update>[1], done: string) => {
    setMessage(null);
    const r = await recommendations.update(rec.id, body);
    onChange(r);
    setMessage(done);
  });
  const next = NEXT_STATUS[rec.status];
  const errs = splitErrors(act.error, ['positionsDeadline']);
  const deadlineIso = fromLocalInput(deadline);
  // a deadline already gone would close the positions at once: said here, refused by the API
  const deadlinePast = deadlineIso !== null && new Date(deadlineIso).getTime() < Date.now() && deadlineIso !== rec.positionsDeadline;
  const deadlineMessage = errs.fields.positionsDeadline?.join(' ; ') ?? (deadlinePast ? 'Cette date est déjà passée : choisissez une date à venir.' : undefined);
  return (
    <section className="cc-panel cc-facilitator fr-mb-4w" aria-labelledby="pilotage-titre">
      <h2 id="pilotage-titre" className="fr-h6">
        Pilotage (animation)
      </h2>
      <GeneralErrors messages={errs.general} title="La modification n’a pas été enregistrée" />
      {message && (
        <p className="fr-text--sm fr-mb-1w" role="status">
          {message}
        </p>
      )}
      <div className="cc-facilitator__row">
        <Button
          priority={rec.locked ? 'primary' : 'secondary'}
          iconId={rec.locked ? 'fr-icon-lock-unlock-line' : 'fr-icon-lock-line'}
          disabled={act.running}
          onClick={() => act.run({ locked: !rec.locked }, rec.locked ? 'Brouillon déverrouillé : la rédaction reprend.' : 'Brouillon verrouillé : lecture seule pour tous.')}
        >
          {rec.locked ? 'Déverrouiller la rédaction' : 'Verrouiller la rédaction'}
        </Button>
        {next.map((s) => (
          <Button key={s} priority="tertiary" disabled={act.running} onClick={() => act.run({ status: s }, `Statut : ${RECOMMENDATION_STATUS[s]}.`)}>
            {`Passer en « ${RECOMMENDATION_STATUS[s]} »`}
          </Button>
        ))}
        <form
          className="cc-inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const iso = fromLocalInput(deadline);
            void act.run({ positionsDeadline: iso }, iso ? `Date limite des positions : ${formatDateTime(iso)}.` : 'Date limite des positions retirée.');
          }}
        >
          <div className={`fr-input-group fr-mb-0${errs.fields.positionsDeadline ? ' fr-input-group--error' : ''}`}>
            <label className="fr-label" htmlFor="deadline">
              Date limite des positions
            </label>
            <input
              id="deadline"
              className={`fr-input${errs.fields.positionsDeadline ? ' fr-input--error' : ''}`}
              type="datetime-local"
              value={deadline}
              aria-describedby={deadlineMessage ? 'deadline-message' : undefined}
              onChange={(e) => setDeadline(e.target.value)}
            />
            {deadlineMessage && (
              <p id="deadline-message" className={errs.fields.positionsDeadline ? 'fr-error-text' : 'fr-info-text'}>
                {deadlineMessage}
              </p>
            )}
          </div>
          <Button type="submit" priority="secondary" size="small" disabled={act.running}>
            Enregistrer la date
          </Button>
        </form>
      </div>
    </section>
  );
}
