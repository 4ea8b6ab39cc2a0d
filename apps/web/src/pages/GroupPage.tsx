import { useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { axes as axesApi, groups as groupsApi, organizations as orgsApi, users as usersApi, votes as votesApi } from '../api/endpoints';
import type { GroupRole, Horizon, RecommendationStatus, User } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { DataTable } from '../components/DataTable';
import { ErrorAlert, GeneralErrors, Loading, PageHeader, SuccessNotice } from '../components/ui';
import { splitErrors } from '../lib/errors';
import { formatDateTime, fromLocalInput, toLocalInput } from '../lib/format';
import { useAction, useAsync, type AsyncState } from '../lib/hooks';
import { RecommendationFilters } from '../components/RecommendationFilters';
import {
  GROUP_ROLE,
  GROUP_STATUS,
  HORIZON,
  RECOMMENDATION_SEVERITY,
  RECOMMENDATION_STATUS,
  RECOMMENDATION_STATUSES,
  SESSION_PHASE,
  VOTE_METHOD,
  VOTE_STATUS,
} from '../lib/labels';

/** A working group: mandate, members and roles, sessions, recommendations, votes. */
export function GroupPage() {
  const { id = '' } = useParams();
  const { me, roleIn, reloadMe } = useAuth();
  const role = roleIn(id);
  const isAdmin = me?.role === 'admin';
  const canManage = isAdmin || role === 'facilitator';
  const canCreateRecommendation = role === 'participant' || role === 'facilitator';

  const group = useAsync(async () => {
    const g = await groupsApi.get(id);
    const axis = await axesApi.get(g.axisId).catch(() => null);
    return { group: g, axis };
  }, [id]);
  const isMember = !!role || isAdmin;
  const members = useAsync(() => (isMember ? groupsApi.members(id) : Promise.resolve([])), [id, isMember]);
  const sessions = useAsync(() => (isMember ? groupsApi.sessions(id) : Promise.resolve([])), [id, isMember]);
  const recs = useAsync(() => (isMember ? groupsApi.recommendations(id) : Promise.resolve([])), [id, isMember]);
  // The votes list is optional: without the endpoint the section is simply absent.
  const votes = useAsync(() => (isMember ? votesApi.ofGroup(id).catch(() => null) : Promise.resolve(null)), [id, isMember]);

  if (group.error) return <ErrorAlert error={group.error} />;
  if (!group.data) return <Loading />;
  const { group: g, axis } = group.data;

  return (
    <>
      <PageHeader
        title={g.title}
        crumbs={[{ label: 'Mes groupes', to: '/mes-groupes' }]}
        lead={axis ? `${axis.code} — ${axis.title}` : undefined}
      >
        {role && (
          <Badge severity="info" noIcon>
            {`Votre rôle : ${GROUP_ROLE[role]}`}
          </Badge>
        )}
        {g.status === 'archived' && <Badge>{GROUP_STATUS.archived}</Badge>}
      </PageHeader>
      {g.mandate && (
        <div className="fr-callout fr-mb-4w">
          <h2 className="fr-callout__title fr-h6">Mandat du groupe</h2>
          <p className="fr-callout__text fr-text--md">{g.mandate}</p>
        </div>
      )}
      {!isMember && (
        <div className="fr-alert fr-alert--info fr-mb-4w">
          <h2 className="fr-alert__title">Vous n’êtes pas membre de ce groupe</h2>
          <p>Les séances, recommandations et votes du groupe sont réservés à ses membres.</p>
        </div>
      )}
      {isMember && (
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-lg-8">
            <RecommendationsSection groupId={id} state={recs} canCreate={canCreateRecommendation && g.status === 'active'} />
            <SessionsSection groupId={id} state={sessions} canCreate={canManage && g.status === 'active'} />
            {votes.data && (
              <section className="fr-mb-6w" aria-labelledby="votes-titre">
                <h2 id="votes-titre" className="fr-h4">
                  Votes
                </h2>
                <DataTable
                  caption="Votes du groupe"
                  empty="Aucun vote pour le moment."
                  headers={['Vote', 'Méthode', 'Statut']}
                  rows={votes.data.map((v) => ({
                    key: v.id,
                    cells: [<Link to={`/votes/${v.id}`}>{v.title}</Link>, VOTE_METHOD[v.method], VOTE_STATUS[v.status]],
                  }))}
                />
              </section>
            )}
          </div>
          <div className="fr-col-12 fr-col-lg-4">
            <MembersSection groupId={id} state={members} canManage={canManage} onChanged={reloadMe} selfId={me?.id} />
          </div>
        </div>
      )}
    </>
  );
}

type State<T> = AsyncState<T>;

function RecommendationsSection({ groupId, state, canCreate }: { groupId: string; state: State<Awaited<ReturnType<typeof groupsApi.recommendations>>>; canCreate: boolean }) {
  const [status, setStatus] = useState<RecommendationStatus | ''>('');
  const [horizon, setHorizon] = useState<Horizon | ''>('');
  const [title, setTitle] = useState('');
  const [newHorizon, setNewHorizon] = useState<Horizon>('quick_win');
  const [done, setDone] = useState<string | null>(null);
  const create = useAction(async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const rec = await groupsApi.createRecommendation(groupId, { title, horizon: newHorizon });
    setTitle('');
    setDone(`Recommandation « ${rec.title} » créée.`);
    await state.reload();
  });
  const errs = splitErrors(create.error, ['title', 'horizon']);
  const list = (state.data ?? []).filter((r) => (!status || r.status === status) && (!horizon || r.horizon === horizon));
  const byStatus = RECOMMENDATION_STATUSES.map((s) => ({ status: s, items: list.filter((r) => r.status === s) })).filter((x) => x.items.length);

  return (
    <section className="fr-mb-6w" aria-labelledby="recos-titre">
      <h2 id="recos-titre" className="fr-h4">
        Recommandations
      </h2>
      <ErrorAlert error={state.error} />
      <RecommendationFilters status={status} onStatus={setStatus} horizon={horizon} onHorizon={setHorizon} labelPrefix="Filtrer par " />
      {state.loading && !state.data && <Loading />}
      {state.data && byStatus.length === 0 && <p>Aucune recommandation{status || horizon ? ' pour ces filtres' : ''}.</p>}
      {byStatus.map(({ status: s, items }) => (
        <DataTable
          key={s}
          caption={`${RECOMMENDATION_STATUS[s]} (${items.length})`}
          headers={['Recommandation', 'Horizon', 'Rédaction']}
          rows={items.map((r) => ({
            key: r.id,
            cells: [
              <Link to={`/recommandations/${r.id}`}>{r.title}</Link>,
              <Badge small noIcon severity={r.horizon === 'quick_win' ? 'new' : 'info'}>
                {HORIZON[r.horizon]}
              </Badge>,
              r.locked ? (
                <Badge small severity="warning">
                  Verrouillée
                </Badge>
              ) : (
                <Badge small noIcon severity={RECOMMENDATION_SEVERITY[r.status]}>
                  Ouverte
                </Badge>
              ),
            ],
          }))}
        />
      ))}
      {canCreate && (
        <form onSubmit={create.run} className="cc-panel fr-mt-3w" aria-labelledby="nouvelle-reco">
          <h3 id="nouvelle-reco" className="fr-h6">
            Proposer une recommandation
          </h3>
          <SuccessNotice message={done} onClose={() => setDone(null)} />
          <GeneralErrors messages={errs.general} />
          <Input
            label="Titre de la recommandation"
            state={errs.fields.title ? 'error' : 'default'}
            stateRelatedMessage={errs.fields.title?.join(' ; ')}
            nativeInputProps={{ name: 'title', value: title, onChange: (e) => setTitle(e.target.value), required: true, maxLength: 300 }}
          />
          <RadioButtons
            legend="Horizon"
            name="horizon"
            orientation="horizontal"
            state={errs.fields.horizon ? 'error' : 'default'}
            stateRelatedMessage={errs.fields.horizon?.join(' ; ')}
            options={(['quick_win', 'structuring'] as Horizon[]).map((h) => ({
              label: HORIZON[h],
              hintText: h === 'quick_win' ? 'Réalisable en moins d’un an' : 'Transformation sur deux ans',
              nativeInputProps: { value: h, checked: newHorizon === h, onChange: () => setNewHorizon(h) },
            }))}
          />
          <Button type="submit" disabled={create.running} iconId="fr-icon-add-line">
            Créer la recommandation
          </Button>
        </form>
      )}
    </section>
  );
}

function SessionsSection({ groupId, state, canCreate }: { groupId: string; state: State<Awaited<ReturnType<typeof groupsApi.sessions>>>; canCreate: boolean }) {
  const start = new Date(Date.now() + 24 * 3600_000);
  start.setMinutes(0, 0, 0);
  const [title, setTitle] = useState('');
  const [startsAt, setStartsAt] = useState(toLocalInput(start));
  const [endsAt, setEndsAt] = useState(toLocalInput(new Date(start.getTime() + 2 * 3600_000)));
  const [done, setDone] = useState<string | null>(null);
  const create = useAction(async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const s = await groupsApi.createSession(groupId, {
      title,
      startsAt: fromLocalInput(startsAt) ?? startsAt,
      endsAt: fromLocalInput(endsAt) ?? endsAt,
    });
    setTitle('');
    setDone(`Séance « ${s.title} » programmée.`);
    await state.reload();
  });
  const errs = splitErrors(create.error, ['title', 'startsAt', 'endsAt']);
  // a date already gone is allowed (a session held earlier, recorded afterwards) but said
  const past = (v: string) => {
    const iso = fromLocalInput(v);
    return iso !== null && new Date(iso).getTime() < Date.now() ? 'Attention : cette date est déjà passée.' : undefined;
  };
  const pastStart = past(startsAt);
  const pastEnd = past(endsAt);
  const sorted = [...(state.data ?? [])].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return (
    <section className="fr-mb-6w" aria-labelledby="seances-titre">
      <h2 id="seances-titre" className="fr-h4">
        Séances
      </h2>
      <ErrorAlert error={state.error} />
      {state.loading && !state.data && <Loading />}
      {state.data && (
        <DataTable
          caption="Séances de l’atelier"
          empty="Aucune séance programmée."
          headers={['Séance', 'Début', 'Fin', 'Phase']}
          rows={sorted.map((s) => ({
            key: s.id,
            cells: [<Link to={`/seances/${s.id}`}>{s.title}</Link>, formatDateTime(s.startsAt), formatDateTime(s.endsAt), SESSION_PHASE[s.phase]],
          }))}
        />
      )}
      {canCreate && (
        <form onSubmit={create.run} className="cc-panel fr-mt-3w" aria-labelledby="nouvelle-seance">
          <h3 id="nouvelle-seance" className="fr-h6">
            Programmer une séance
          </h3>
          <SuccessNotice message={done} onClose={() => setDone(null)} />
          <GeneralErrors messages={errs.general} />
          <Input
            label="Titre de la séance"
            state={errs.fields.title ? 'error' : 'default'}
            stateRelatedMessage={errs.fields.title?.join(' ; ')}
            nativeInputProps={{ name: 'title', value: title, onChange: (e) => setTitle(e.target.value), required: true }}
          />
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-sm-6">
              <Input
                label="Début"
                state={errs.fields.startsAt ? 'error' : pastStart ? 'info' : 'default'}
                stateRelatedMessage={errs.fields.startsAt?.join(' ; ') ?? pastStart}
                nativeInputProps={{ type: 'datetime-local', name: 'startsAt', value: startsAt, onChange: (e) => setStartsAt(e.target.value), required: true }}
              />
            </div>
            <div className="fr-col-12 fr-col-sm-6">
              <Input
                label="Fin"
                state={errs.fields.endsAt ? 'error' : pastEnd ? 'info' : 'default'}
                stateRelatedMessage={errs.fields.endsAt?.join(' ; ') ?? pastEnd}
                nativeInputProps={{ type: 'datetime-local', name: 'endsAt', value: endsAt, onChange: (e) => setEndsAt(e.target.value), required: true }}
              />
            </div>
          </div>
          <Button type="submit" disabled={create.running} iconId="fr-icon-calendar-line">
            Programmer la séance
          </Button>
        </form>
      )}
    </section>
  );
}

function MembersSection({
  groupId,
  state,
  canManage,
  onChanged,
  selfId,
}: {
  groupId: string;
  state: State<Awaited<ReturnType<typeof groupsApi.members>>>;
  canManage: boolean;
  onChanged: () => Promise<void>;
  selfId?: string;
}) {
  const users = useAsync(() => (canManage ? usersApi.list() : Promise.resolve([] as User[])), [canManage]);
  const orgs = useAsync(() => orgsApi.list().catch(() => []), []);
  const orgName = useMemo(() => new Map((orgs.data ?? []).map((o) => [o.id, o.name])), [orgs.data]);
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<GroupRole>('participant');
  const [done, setDone] = useState<string | null>(null);
  const byId = useMemo(() => new Map((users.data ?? []).map((u) => [u.id, u])), [users.data]);
  const name = (uid: string, fallback?: string) => fallback ?? byId.get(uid)?.displayName ?? 'Membre';

  const add = useAction(async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    await groupsApi.addMember(groupId, { userId, role });
    setDone(`${name(userId)} : ${GROUP_ROLE[role]}.`);
    setUserId('');
    await state.reload();
    if (userId === selfId) await onChanged();
  });
  const remove = useAction(async (uid: string, label: string) => {
    if (!window.confirm(`Retirer ${label} du groupe ?`)) return;
    setDone(null);
    await groupsApi.removeMember(groupId, uid);
    setDone(`${label} a été retiré·e du groupe.`);
    await state.reload();
    if (uid === selfId) await onChanged();
  });
  const errs = splitErrors(add.error, ['userId', 'role']);
  const members = [...(state.data ?? [])].sort((a, b) => a.role.localeCompare(b.role) || name(a.userId, a.displayName).localeCompare(name(b.userId, b.displayName)));

  return (
    <section className="fr-mb-6w" aria-labelledby="membres-titre">
      <h2 id="membres-titre" className="fr-h4">
        Membres ({members.length})
      </h2>
      <ErrorAlert error={state.error ?? remove.error} />
      <SuccessNotice message={done} onClose={() => setDone(null)} />
      {state.loading && !state.data && <Loading />}
      <ul className="cc-member-list">
        {members.map((m) => (
          <li key={m.userId}>
            <span>
              <strong>{name(m.userId, m.displayName)}</strong>
              <br />
              <span className="fr-text--sm">
                {GROUP_ROLE[m.role]}
                {m.organizationId && orgName.get(m.organizationId) ? ` — ${orgName.get(m.organizationId)}` : ''}
              </span>
              {m.email && (
                <>
                  <br />
                  <a className="fr-text--xs cc-member-email" href={`mailto:${m.email}`}>
                    {m.email}
                  </a>
                </>
              )}
            </span>
            {canManage && (
              <Button
                priority="tertiary no outline"
                size="small"
                iconId="fr-icon-delete-line"
                title={`Retirer ${name(m.userId, m.displayName)} du groupe`}
                onClick={() => remove.run(m.userId, name(m.userId, m.displayName))}
              />
            )}
          </li>
        ))}
      </ul>
      {canManage && (
        <form onSubmit={add.run} className="cc-panel fr-mt-3w" aria-labelledby="ajout-membre">
          <h3 id="ajout-membre" className="fr-h6">
            Ajouter un membre ou changer son rôle
          </h3>
          <GeneralErrors messages={errs.general} />
          <Select
            label="Personne"
            state={errs.fields.userId ? 'error' : 'default'}
            stateRelatedMessage={errs.fields.userId?.join(' ; ')}
            nativeSelectProps={{ name: 'userId', value: userId, onChange: (e) => setUserId(e.target.value), required: true }}
          >
            <option value="" disabled>
              Choisir une personne
            </option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.email})
              </option>
            ))}
          </Select>
          <Select
            label="Rôle dans le groupe"
            state={errs.fields.role ? 'error' : 'default'}
            stateRelatedMessage={errs.fields.role?.join(' ; ')}
            nativeSelectProps={{ name: 'role', value: role, onChange: (e) => setRole(e.target.value as GroupRole) }}
          >
            {(['facilitator', 'participant', 'observer'] as GroupRole[]).map((r) => (
              <option key={r} value={r}>
                {GROUP_ROLE[r]}
              </option>
            ))}
          </Select>
          <Button type="submit" disabled={add.running || !userId} iconId="fr-icon-user-add-line">
            Enregistrer
          </Button>
        </form>
      )}
    </section>
  );
}
