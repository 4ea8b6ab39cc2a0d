import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { axes, groups } from '../../api/endpoints';
import type { Axis, WorkingGroup, WorkingGroupStatus } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { GeneralErrors, Loading } from '../../components/ui';
import { splitErrors } from '../../lib/errors';
import { useAction, useAsync } from '../../lib/hooks';
import { GROUP_STATUS } from '../../lib/labels';
import { AdminHeader, EditButton, useFocusWhen, FormActions } from './AdminNav';

/** Admin: working groups (members are managed on each group's page). */
export function GroupsAdminPage() {
  const list = useAsync(() => groups.list(), []);
  const axesList = useAsync(() => axes.list(), []);
  const axisById = useMemo(() => new Map((axesList.data ?? []).map((a) => [a.id, a])), [axesList.data]);
  const [editing, setEditing] = useState<WorkingGroup | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const sorted = [...(list.data ?? [])].sort(
    (a, b) => (axisById.get(a.axisId)?.position ?? 0) - (axisById.get(b.axisId)?.position ?? 0) || a.title.localeCompare(b.title, 'fr'),
  );
  return (
    <>
      <AdminHeader title="Groupes de travail" done={done} onDismiss={() => setDone(null)} error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <DataTable
          caption={`Groupes de travail (${sorted.length})`}
          headers={['Axe', 'Groupe', 'Statut', 'Actions']}
          rows={sorted.map((g) => ({
            key: g.id,
            cells: [
              axisById.get(g.axisId)?.code ?? '—',
              <Link to={`/groupes/${g.id}`}>{g.title}</Link>,
              GROUP_STATUS[g.status],
              <span className="cc-inline-actions">
                <EditButton what={g.title} onClick={() => setEditing(g)} />
                <Button size="small" priority="tertiary" linkProps={{ to: `/groupes/${g.id}` }}>
                  <span>
                    Membres<span className="fr-sr-only"> de {g.title}</span>
                  </span>
                </Button>
              </span>,
            ],
          }))}
        />
      )}
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8">
          <GroupForm
            key={editing?.id ?? 'new'}
            initial={editing}
            axes={axesList.data ?? []}
            onCancel={() => setEditing(null)}
            onSaved={async (g, created) => {
              setDone(created ? `Groupe « ${g.title} » créé : ajoutez ses membres depuis sa page.` : `Groupe « ${g.title} » modifié.`);
              setEditing(null);
              await list.reload();
            }}
          />
        </div>
      </div>
    </>
  );
}

function GroupForm({ initial, axes: axesList, onSaved, onCancel }: { initial: WorkingGroup | null; axes: Axis[]; onSaved: (g: WorkingGroup, created: boolean) => Promise<void>; onCancel: () => void }) {
  const [axisId, setAxisId] = useState(initial?.axisId ?? '');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [mandate, setMandate] = useState(initial?.mandate ?? '');
  const [status, setStatus] = useState<WorkingGroupStatus>(initial?.status ?? 'active');
  const save = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const g = initial ? await groups.update(initial.id, { axisId, title, mandate, status }) : await groups.create({ axisId, title, mandate });
    await onSaved(g, !initial);
  });
  const errs = splitErrors(save.error, ['axisId', 'title', 'mandate', 'status']);
  const f = (k: string) => ({ state: errs.fields[k] ? ('error' as const) : ('default' as const), stateRelatedMessage: errs.fields[k]?.join(' ; ') });
  const heading = useFocusWhen<HTMLHeadingElement>(!!initial);
  return (
    <form onSubmit={save.run} className="cc-panel fr-mt-3w" aria-labelledby="group-form" noValidate>
      <h2 id="group-form" className="fr-h5" ref={heading} tabIndex={-1}>
        {initial ? `Modifier « ${initial.title} »` : 'Nouveau groupe de travail'}
      </h2>
      <GeneralErrors messages={errs.general} />
      <Select label="Axe stratégique" {...f('axisId')} nativeSelectProps={{ value: axisId, onChange: (e) => setAxisId(e.target.value) }}>
        <option value="" disabled>
          Choisir un axe
        </option>
        {[...axesList]
          .sort((a, b) => a.position - b.position)
          .map((a) => (
            <option key={a.id} value={a.id}>
              {a.code} — {a.title}
            </option>
          ))}
      </Select>
      <Input label="Intitulé" {...f('title')} nativeInputProps={{ name: 'title', value: title, onChange: (e) => setTitle(e.target.value) }} />
      <Input label="Mandat" textArea {...f('mandate')} nativeTextAreaProps={{ name: 'mandate', rows: 3, value: mandate, onChange: (e) => setMandate(e.target.value) }} />
      {initial && (
        <Select label="Statut" {...f('status')} nativeSelectProps={{ value: status, onChange: (e) => setStatus(e.target.value as WorkingGroupStatus) }}>
          <option value="active">{GROUP_STATUS.active}</option>
          <option value="archived">{GROUP_STATUS.archived}</option>
        </Select>
      )}
      <FormActions editing={!!initial} running={save.running} createLabel="Créer le groupe" onCancel={onCancel} />
    </form>
  );
}
