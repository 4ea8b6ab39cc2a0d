import { useState, type FormEvent } from 'react';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { organizations } from '../../api/endpoints';
import type { Organization, OrganizationKind } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { GeneralErrors, Loading } from '../../components/ui';
import { splitErrors } from '../../lib/errors';
import { useAction, useAsync } from '../../lib/hooks';
import { COLLEGE, ORGANIZATION_KIND } from '../../lib/labels';
import { AdminHeader, EditButton, useFocusWhen, FormActions } from './AdminNav';

const KINDS: OrganizationKind[] = ['state', 'local_authority', 'association', 'other'];

/** Admin: organisations (ministries, local authorities, associations of elected officials). */
export function OrganizationsPage() {
  const list = useAsync(() => organizations.list(), []);
  const [editing, setEditing] = useState<Organization | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const sorted = [...(list.data ?? [])].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  return (
    <>
      <AdminHeader title="Organisations" done={done} onDismiss={() => setDone(null)} error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <DataTable
          caption={`Organisations (${sorted.length})`}
          headers={['Nom', 'Nature', 'Collège', 'Action']}
          rows={sorted.map((o) => ({
            key: o.id,
            cells: [
              o.name,
              ORGANIZATION_KIND[o.kind],
              COLLEGE[o.college],
              <EditButton what={o.name} onClick={() => setEditing(o)} />,
            ],
          }))}
        />
      )}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-6">
          <OrganizationForm
            key={editing?.id ?? 'new'}
            initial={editing}
            onCancel={() => setEditing(null)}
            onSaved={async (o, created) => {
              setDone(created ? `Organisation « ${o.name} » créée.` : `Organisation « ${o.name} » modifiée.`);
              setEditing(null);
              await list.reload();
            }}
          />
        </div>
      </div>
    </>
  );
}

function OrganizationForm({ initial, onSaved, onCancel }: { initial: Organization | null; onSaved: (o: Organization, created: boolean) => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState(initial?.name ?? '');
  const [kind, setKind] = useState<OrganizationKind>(initial?.kind ?? 'local_authority');
  const save = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const o = initial ? await organizations.update(initial.id, { name, kind }) : await organizations.create({ name, kind });
    await onSaved(o, !initial);
  });
  const errs = splitErrors(save.error, ['name', 'kind']);
  const heading = useFocusWhen<HTMLHeadingElement>(!!initial);
  return (
    <form onSubmit={save.run} className="cc-panel fr-mt-3w" aria-labelledby="org-form">
      <h2 id="org-form" className="fr-h5" ref={heading} tabIndex={-1}>
        {initial ? `Modifier « ${initial.name} »` : 'Nouvelle organisation'}
      </h2>
      <GeneralErrors messages={errs.general} />
      <Input
        label="Nom"
        state={errs.fields.name ? 'error' : 'default'}
        stateRelatedMessage={errs.fields.name?.join(' ; ')}
        nativeInputProps={{ name: 'name', value: name, onChange: (e) => setName(e.target.value), required: true }}
      />
      <Select
        label="Nature"
        hint="Le collège en découle : État, local (collectivités et associations d’élus) ou société civile."
        state={errs.fields.kind ? 'error' : 'default'}
        stateRelatedMessage={errs.fields.kind?.join(' ; ')}
        nativeSelectProps={{ name: 'kind', value: kind, onChange: (e) => setKind(e.target.value as OrganizationKind) }}
      >
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {ORGANIZATION_KIND[k]}
          </option>
        ))}
      </Select>
      <FormActions editing={!!initial} running={save.running} createLabel="Créer l’organisation" onCancel={onCancel} />
    </form>
  );
}
