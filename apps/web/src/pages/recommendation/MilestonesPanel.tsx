import { useMemo, useState, type FormEvent } from 'react';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { milestones as milestonesApi, organizations, recommendations } from '../../api/endpoints';
import type { Milestone, MilestoneStatus } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, GeneralErrors, Loading, LiveStatus } from '../../components/ui';
import { splitErrors } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { useAction, useAsync } from '../../lib/hooks';
import { MILESTONE_SEVERITY, MILESTONE_STATUS } from '../../lib/labels';

const STATUSES: MilestoneStatus[] = ['planned', 'in_progress', 'done'];

/** Roadmap milestones of a recommendation; facilitators add and update them. */
export function MilestonesPanel({ recommendationId, canEdit }: { recommendationId: string; canEdit: boolean }) {
  const list = useAsync(() => recommendations.milestones(recommendationId), [recommendationId]);
  const orgs = useAsync(() => organizations.list(), []);
  const orgName = useMemo(() => new Map((orgs.data ?? []).map((o) => [o.id, o.name])), [orgs.data]);
  const [title, setTitle] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [owner, setOwner] = useState('');
  const [done, setDone] = useState<string | null>(null);

  const create = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const m = await recommendations.createMilestone(recommendationId, { title, dueDate, ...(owner ? { ownerOrganizationId: owner } : {}) });
    setDone(`Jalon « ${m.title} » ajouté.`);
    setTitle('');
    setDueDate('');
    await list.reload();
  });
  const update = useAction(async (m: Milestone, body: { status?: MilestoneStatus; progress?: number }) => {
    await milestonesApi.update(m.id, body);
    setDone(`Jalon « ${m.title} » mis à jour.`);
    await list.reload();
  });
  const errs = splitErrors(create.error, ['title', 'dueDate', 'ownerOrganizationId']);
  const sorted = [...(list.data ?? [])].sort((a, b) => a.dueDate.localeCompare(b.dueDate));

  return (
    <div>
      <h2 className="fr-h4">Jalons de mise en œuvre</h2>
      <ErrorAlert error={list.error ?? update.error} />
      {done && <LiveStatus className="fr-alert fr-alert--success fr-alert--sm fr-mb-2w">{done}</LiveStatus>}
      {list.loading && !list.data && <Loading />}
      {list.data && (
        <DataTable
          caption="Jalons de la feuille de route"
          empty="Aucun jalon n’est encore prévu."
          headers={['Jalon', 'Échéance', 'Porteur', 'Avancement', 'Statut']}
          rows={sorted.map((m) => ({
            key: m.id,
            cells: [
              m.title,
              formatDate(m.dueDate),
              (m.ownerOrganizationId && orgName.get(m.ownerOrganizationId)) || '—',
              `${m.progress} %`,
              canEdit ? (
                <select
                  className="fr-select"
                  aria-label={`Statut du jalon « ${m.title} »`}
                  value={m.status === 'late' ? 'in_progress' : m.status}
                  onChange={(e) => update.run(m, { status: e.target.value as MilestoneStatus, ...(e.target.value === 'done' ? { progress: 100 } : {}) })}
                >
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {MILESTONE_STATUS[s]}
                    </option>
                  ))}
                </select>
              ) : (
                <Badge small noIcon severity={MILESTONE_SEVERITY[m.status]}>
                  {MILESTONE_STATUS[m.status]}
                </Badge>
              ),
            ],
          }))}
        />
      )}
      {canEdit && (
        <form onSubmit={create.run} className="cc-panel fr-mt-3w" aria-labelledby="jalon-titre">
          <h3 id="jalon-titre" className="fr-h5">
            Ajouter un jalon
          </h3>
          <GeneralErrors messages={errs.general} />
          <Input
            label="Intitulé du jalon"
            state={errs.fields.title ? 'error' : 'default'}
            stateRelatedMessage={errs.fields.title?.join(' ; ')}
            nativeInputProps={{ name: 'title', value: title, onChange: (e) => setTitle(e.target.value), required: true }}
          />
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-sm-6">
              <Input
                label="Échéance"
                state={errs.fields.dueDate ? 'error' : 'default'}
                stateRelatedMessage={errs.fields.dueDate?.join(' ; ')}
                nativeInputProps={{ type: 'date', name: 'dueDate', value: dueDate, onChange: (e) => setDueDate(e.target.value), required: true }}
              />
            </div>
            <div className="fr-col-12 fr-col-sm-6">
              <Select
                label="Organisation porteuse (facultatif)"
                state={errs.fields.ownerOrganizationId ? 'error' : 'default'}
                stateRelatedMessage={errs.fields.ownerOrganizationId?.join(' ; ')}
                nativeSelectProps={{ value: owner, onChange: (e) => setOwner(e.target.value) }}
              >
                <option value="">Aucune</option>
                {(orgs.data ?? []).map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </Select>
            </div>
          </div>
          <Button type="submit" disabled={create.running} iconId="fr-icon-flag-line">
            Ajouter le jalon
          </Button>
        </form>
      )}
    </div>
  );
}
