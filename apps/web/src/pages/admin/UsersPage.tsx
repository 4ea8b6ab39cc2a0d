import { useMemo, useState, type FormEvent } from 'react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { organizations, users, type UserInput } from '../../api/endpoints';
import type { PlatformRole, User } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { GeneralErrors, Loading } from '../../components/ui';
import { splitErrors } from '../../lib/errors';
import { useAction, useAsync } from '../../lib/hooks';
import { PLATFORM_ROLE } from '../../lib/labels';
import { AdminHeader, EditButton, useFocusWhen, FormActions } from './AdminNav';

/** Admin: user accounts (created with a password; role, organisation, representative). */
export function UsersPage() {
  const list = useAsync(() => users.list(), []);
  const orgs = useAsync(() => organizations.list(), []);
  const orgName = useMemo(() => new Map((orgs.data ?? []).map((o) => [o.id, o.name])), [orgs.data]);
  const [editing, setEditing] = useState<User | null>(null);
  const [filter, setFilter] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const q = filter.trim().toLowerCase();
  const sorted = [...(list.data ?? [])]
    .filter((u) => !q || u.displayName.toLowerCase().includes(q) || (u.email ?? '').includes(q))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'fr'));

  return (
    <>
      <AdminHeader title="Utilisateurs" done={done} onDismiss={() => setDone(null)} error={list.error} />
      <div className="fr-col-12 fr-col-md-6 fr-px-0">
        <Input label="Rechercher un utilisateur" hintText="Par nom ou adresse e-mail" nativeInputProps={{ type: 'search', value: filter, onChange: (e) => setFilter(e.target.value) }} />
      </div>
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <DataTable
          caption={`Utilisateurs (${sorted.length})`}
          headers={['Nom', 'E-mail', 'Organisation', 'Rôle', 'Action']}
          rows={sorted.map((u) => ({
            key: u.id,
            cells: [
              <>
                {u.displayName}
                {u.isRepresentative && (
                  <>
                    {' '}
                    <Badge small severity="success" as="span">
                      Représentant·e
                    </Badge>
                  </>
                )}
              </>,
              u.email,
              (u.organizationId && orgName.get(u.organizationId)) || '—',
              PLATFORM_ROLE[u.role],
              <EditButton what={u.displayName} onClick={() => setEditing(u)} />,
            ],
          }))}
        />
      )}
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8">
          <UserForm
            key={editing?.id ?? 'new'}
            initial={editing}
            orgs={orgs.data ?? []}
            onCancel={() => setEditing(null)}
            onSaved={async (u, created) => {
              setDone(created ? `Compte de ${u.displayName} créé.` : `Compte de ${u.displayName} modifié.`);
              setEditing(null);
              await list.reload();
            }}
          />
        </div>
      </div>
    </>
  );
}

function UserForm({
  initial,
  orgs,
  onSaved,
  onCancel,
}: {
  initial: User | null;
  orgs: { id: string; name: string }[];
  onSaved: (u: User, created: boolean) => Promise<void>;
  onCancel: () => void;
}) {
  const [email, setEmail] = useState(initial?.email ?? '');
  const [displayName, setDisplayName] = useState(initial?.displayName ?? '');
  const [password, setPassword] = useState('');
  const [organizationId, setOrganizationId] = useState(initial?.organizationId ?? '');
  const [role, setRole] = useState<PlatformRole>(initial?.role ?? 'member');
  const [isRepresentative, setRep] = useState(initial?.isRepresentative ?? false);
  const save = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const body: UserInput = { email: email.trim(), displayName, organizationId: organizationId || null, role, isRepresentative };
    if (password || !initial) body.password = password;
    const u = initial ? await users.update(initial.id, body) : await users.create(body);
    await onSaved(u, !initial);
  });
  const errs = splitErrors(save.error, ['email', 'displayName', 'password', 'organizationId', 'role', 'isRepresentative']);
  const f = (k: string) => ({ state: errs.fields[k] ? ('error' as const) : ('default' as const), stateRelatedMessage: errs.fields[k]?.join(' ; ') });
  const heading = useFocusWhen<HTMLHeadingElement>(!!initial);
  return (
    <form onSubmit={save.run} className="cc-panel fr-mt-3w" aria-labelledby="user-form" noValidate>
      <h2 id="user-form" className="fr-h5" ref={heading} tabIndex={-1}>
        {initial ? `Modifier le compte de ${initial.displayName}` : 'Nouvel utilisateur'}
      </h2>
      <GeneralErrors messages={errs.general} />
      <Input label="Nom affiché" {...f('displayName')} nativeInputProps={{ name: 'displayName', value: displayName, onChange: (e) => setDisplayName(e.target.value) }} />
      <Input label="Adresse e-mail" {...f('email')} nativeInputProps={{ type: 'email', name: 'email', autoComplete: 'off', value: email, onChange: (e) => setEmail(e.target.value) }} />
      <Input
        label={initial ? 'Nouveau mot de passe (laisser vide pour ne pas le changer)' : 'Mot de passe initial'}
        hintText="8 caractères au moins. Transmettez-le à la personne par un canal sûr."
        {...f('password')}
        nativeInputProps={{ type: 'password', name: 'password', autoComplete: 'new-password', value: password, onChange: (e) => setPassword(e.target.value) }}
      />
      <Select label="Organisation" {...f('organizationId')} nativeSelectProps={{ value: organizationId, onChange: (e) => setOrganizationId(e.target.value) }}>
        <option value="">Sans organisation</option>
        {orgs.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </Select>
      <Select label="Rôle sur la plateforme" {...f('role')} nativeSelectProps={{ value: role, onChange: (e) => setRole(e.target.value as PlatformRole) }}>
        <option value="member">{PLATFORM_ROLE.member}</option>
        <option value="admin">{PLATFORM_ROLE.admin}</option>
      </Select>
      <Checkbox
        {...f('isRepresentative')}
        options={[
          {
            label: 'Représentant·e de son organisation',
            hintText: 'Pour une association d’élus : rend les positions formelles au nom de l’association.',
            nativeInputProps: { checked: isRepresentative, onChange: (e) => setRep(e.target.checked) },
          },
        ]}
      />
      <FormActions editing={!!initial} running={save.running} createLabel="Créer le compte" onCancel={onCancel} />
    </form>
  );
}
