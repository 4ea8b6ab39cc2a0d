import { useState, type FormEvent } from 'react';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { axes } from '../../api/endpoints';
import type { Axis } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { GeneralErrors, Loading } from '../../components/ui';
import { splitErrors } from '../../lib/errors';
import { useAction, useAsync } from '../../lib/hooks';
import { AdminHeader, EditButton, useFocusWhen, FormActions } from './AdminNav';

/** Admin: the programme's strategic axes. */
export function AxesPage() {
  const list = useAsync(() => axes.list(), []);
  const [editing, setEditing] = useState<Axis | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const sorted = [...(list.data ?? [])].sort((a, b) => a.position - b.position || a.code.localeCompare(b.code));
  return (
    <>
      <AdminHeader title="Axes stratégiques" done={done} onDismiss={() => setDone(null)} error={list.error} />
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <DataTable
          caption={`Axes (${sorted.length})`}
          headers={['Ordre', 'Code', 'Intitulé', 'Action']}
          rows={sorted.map((a) => ({
            key: a.id,
            cells: [
              a.position,
              a.code,
              a.title,
              <EditButton what={`l’axe ${a.code}`} onClick={() => setEditing(a)} />,
            ],
          }))}
        />
      )}
      <div className="fr-grid-row">
        <div className="fr-col-12 fr-col-md-8">
          <AxisForm
            key={editing?.id ?? 'new'}
            initial={editing}
            nextPosition={sorted.length ? Math.max(...sorted.map((a) => a.position)) + 1 : 1}
            onCancel={() => setEditing(null)}
            onSaved={async (a, created) => {
              setDone(created ? `Axe ${a.code} créé.` : `Axe ${a.code} modifié.`);
              setEditing(null);
              await list.reload();
            }}
          />
        </div>
      </div>
    </>
  );
}

function AxisForm({ initial, nextPosition, onSaved, onCancel }: { initial: Axis | null; nextPosition: number; onSaved: (a: Axis, created: boolean) => Promise<void>; onCancel: () => void }) {
  const [code, setCode] = useState(initial?.code ?? '');
  const [title, setTitle] = useState(initial?.title ?? '');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [position, setPosition] = useState(String(initial?.position ?? nextPosition));
  const save = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const body = { code: code.trim(), title, description, position: Number(position) };
    const a = initial ? await axes.update(initial.id, body) : await axes.create(body);
    await onSaved(a, !initial);
  });
  const errs = splitErrors(save.error, ['code', 'title', 'description', 'position']);
  const f = (k: string) => ({ state: errs.fields[k] ? ('error' as const) : ('default' as const), stateRelatedMessage: errs.fields[k]?.join(' ; ') });
  const heading = useFocusWhen<HTMLHeadingElement>(!!initial);
  return (
    <form onSubmit={save.run} className="cc-panel fr-mt-3w" aria-labelledby="axis-form" noValidate>
      <h2 id="axis-form" className="fr-h5" ref={heading} tabIndex={-1}>
        {initial ? `Modifier l’axe ${initial.code}` : 'Nouvel axe'}
      </h2>
      <GeneralErrors messages={errs.general} />
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-sm-6">
          <Input label="Code" hintText="Par exemple AXE-5" {...f('code')} nativeInputProps={{ name: 'code', value: code, onChange: (e) => setCode(e.target.value) }} />
        </div>
        <div className="fr-col-12 fr-col-sm-6">
          <Input label="Ordre d’affichage" {...f('position')} nativeInputProps={{ name: 'position', inputMode: 'numeric', value: position, onChange: (e) => setPosition(e.target.value) }} />
        </div>
      </div>
      <Input label="Intitulé" {...f('title')} nativeInputProps={{ name: 'title', value: title, onChange: (e) => setTitle(e.target.value) }} />
      <Input label="Description" textArea {...f('description')} nativeTextAreaProps={{ name: 'description', rows: 3, value: description, onChange: (e) => setDescription(e.target.value) }} />
      <FormActions editing={!!initial} running={save.running} createLabel="Créer l’axe" onCancel={onCancel} />
    </form>
  );
}
