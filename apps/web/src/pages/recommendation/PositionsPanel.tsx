import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Input } from '@codegouvfr/react-dsfr/Input';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { RadioButtons } from '@codegouvfr/react-dsfr/RadioButtons';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { organizations, recommendations } from '../../api/endpoints';
import type { Me, Position, Recommendation, Stance, Version } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, GeneralErrors, Loading, LiveStatus } from '../../components/ui';
import { splitErrors } from '../../lib/errors';
import { capitalize, formatDateTime, ofOrganization, withArticle } from '../../lib/format';
import { useAction, useAsync, useNow } from '../../lib/hooks';
import { STANCE, STANCES } from '../../lib/labels';

const STANCE_SEVERITY: Record<Stance, 'success' | 'warning' | 'error' | 'info'> = {
  favorable: 'success',
  favorable_with_reservations: 'warning',
  unfavorable: 'error',
  abstention: 'info',
};

/** The associations' formal positions on frozen versions, and the form of their representatives. */
export function PositionsPanel({ rec, versions, me }: { rec: Recommendation; versions: Version[]; me: Me }) {
  const positions = useAsync(() => recommendations.positions(rec.id), [rec.id]);
  const [showHistory, setShowHistory] = useState(false);
  const history = useAsync(() => (showHistory ? recommendations.positionsHistory(rec.id) : Promise.resolve(null)), [rec.id, showHistory]);
  const orgs = useAsync(() => organizations.list(), []);
  const orgName = useMemo(() => {
    const m = new Map((orgs.data ?? []).map((o) => [o.id, o.name]));
    return (p: Position) => p.organizationName ?? m.get(p.organizationId) ?? 'Organisation';
  }, [orgs.data]);
  const versionNumber = (p: Position) => p.versionNumber ?? versions.find((v) => v.id === p.versionId)?.number;

  const now = useNow(30_000);
  const deadline = rec.positionsDeadline ? new Date(rec.positionsDeadline).getTime() : null;
  const open = deadline === null || now < deadline;
  const isRepresentative = me.isRepresentative && me.organization?.kind === 'association';

  const row = (p: Position) => ({
    key: p.id,
    cells: [
      orgName(p),
      <Badge small noIcon severity={STANCE_SEVERITY[p.stance]}>
        {STANCE[p.stance]}
      </Badge>,
      versionNumber(p) ? `Version ${versionNumber(p)}` : '—',
      p.motivation ? <span className="cc-prewrap">{p.motivation}</span> : <em>Sans motivation</em>,
      <>
        {formatDateTime(p.submittedAt)}
        <br />
        <span className="fr-text--xs cc-hash" title={`Empreinte SHA-256 : ${p.hash}`}>
          SHA-256 {p.hash.slice(0, 12)}…
        </span>
      </>,
    ],
  });

  return (
    <div>
      <h2 className="fr-h4">Positions des associations d’élus</h2>
      <p>
        {deadline === null ? (
          'Aucune date limite n’est fixée pour les positions.'
        ) : open ? (
          <>
            Les positions sont reçues jusqu’au <strong>{formatDateTime(rec.positionsDeadline)}</strong>.
          </>
        ) : (
          <>
            La période des positions est close depuis le <strong>{formatDateTime(rec.positionsDeadline)}</strong>.
          </>
        )}
      </p>
      <ErrorAlert error={positions.error} />
      {positions.loading && !positions.data && <Loading />}
      {positions.data && (
        <DataTable
          caption="Positions en vigueur"
          empty="Aucune association n’a encore rendu sa position."
          headers={['Organisation', 'Position', 'Sur la version', 'Motivation', 'Rendue le']}
          rows={positions.data.map(row)}
        />
      )}
      <Button
        priority="tertiary"
        size="small"
        className="fr-mb-3w"
        onClick={() => setShowHistory((s) => !s)}
        nativeButtonProps={{ 'aria-expanded': showHistory, 'aria-controls': 'positions-historique' }}
      >
        {showHistory ? 'Masquer l’historique' : 'Afficher l’historique complet (positions remplacées comprises)'}
      </Button>
      <div id="positions-historique">
        {showHistory && (
          <>
            <ErrorAlert error={history.error} />
            {history.data && (
              <DataTable
                caption="Historique des positions"
                empty="Aucune position."
                headers={['Organisation', 'Position', 'Sur la version', 'Motivation', 'Rendue le']}
                rows={[...history.data].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt)).map(row)}
              />
            )}
          </>
        )}
      </div>
      {isRepresentative && (
        <PositionForm
          rec={rec}
          versions={versions}
          open={open}
          organizationName={me.organization?.name ?? ''}
          current={positions.data?.find((p) => p.organizationId === me.organizationId) ?? null}
          onSubmitted={async () => {
            await positions.reload();
            if (showHistory) await history.reload();
          }}
        />
      )}
    </div>
  );
}

function PositionForm({
  rec,
  versions,
  open,
  organizationName,
  current,
  onSubmitted,
}: {
  rec: Recommendation;
  versions: Version[];
  open: boolean;
  organizationName: string;
  current: Position | null;
  onSubmitted: () => Promise<void>;
}) {
  const latest = [...versions].sort((a, b) => b.number - a.number)[0];
  const [versionId, setVersionId] = useState(latest?.id ?? '');
  const [stance, setStance] = useState<Stance | ''>('');
  const [motivation, setMotivation] = useState('');
  const [localErrors, setLocalErrors] = useState<Record<string, string>>({});
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    if (!versionId && latest) setVersionId(latest.id);
  }, [latest, versionId]);

  const submit = useAction(async (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    const errs: Record<string, string> = {};
    if (!versionId) errs.versionId = 'Choisissez la version sur laquelle porte la position.';
    if (!stance) errs.stance = 'Choisissez une position.';
    if (stance && stance !== 'favorable' && !motivation.trim()) errs.motivation = 'La motivation est obligatoire, sauf pour un avis favorable.';
    setLocalErrors(errs);
    if (Object.keys(errs).length) return;
    const p = await recommendations.submitPosition(rec.id, {
      versionId,
      stance: stance as Stance,
      ...(motivation.trim() ? { motivation: motivation.trim() } : {}),
    });
    setDone(`Position « ${STANCE[p.stance]} » enregistrée le ${formatDateTime(p.submittedAt)} au nom ${ofOrganization(organizationName)}.`);
    setMotivation('');
    await onSubmitted();
  });
  const server = splitErrors(submit.error, ['versionId', 'stance', 'motivation']);
  const fieldError = (f: string) => localErrors[f] ?? server.fields[f]?.join(' ; ');

  if (!open) {
    return (
      <div className="fr-alert fr-alert--info fr-mt-3w">
        <h3 className="fr-alert__title">Période des positions close</h3>
        <p>La date limite est passée : {capitalize(withArticle(organizationName))} ne peut plus rendre ni modifier sa position.</p>
      </div>
    );
  }
  if (!versions.length) {
    return (
      <div className="fr-alert fr-alert--info fr-mt-3w">
        <h3 className="fr-alert__title">Aucune version figée</h3>
        <p>Une position porte sur une version figée : l’animateur doit d’abord figer le texte.</p>
      </div>
    );
  }
  return (
    <form onSubmit={submit.run} className="cc-panel fr-mt-3w" aria-labelledby="position-titre" noValidate>
      <h3 id="position-titre" className="fr-h5">
        {current ? 'Modifier la position' : 'Rendre la position'} {ofOrganization(organizationName)}
      </h3>
      <p className="fr-text--sm">
        Vous êtes représentant·e {ofOrganization(organizationName)}. La position est signée à votre nom, datée et horodatée ; une nouvelle position remplace la précédente, qui reste dans
        l’historique.
      </p>
      {done && <LiveStatus className="fr-alert fr-alert--success fr-alert--sm fr-mb-2w">{done}</LiveStatus>}
      <GeneralErrors messages={server.general} title="La position n’a pas été enregistrée" />
      <Select
        label="Version concernée"
        state={fieldError('versionId') ? 'error' : 'default'}
        stateRelatedMessage={fieldError('versionId')}
        nativeSelectProps={{ name: 'versionId', value: versionId, onChange: (e) => setVersionId(e.target.value) }}
      >
        {[...versions]
          .sort((a, b) => b.number - a.number)
          .map((v) => (
            <option key={v.id} value={v.id}>
              Version {v.number} du {formatDateTime(v.createdAt)}
            </option>
          ))}
      </Select>
      <RadioButtons
        legend="Position"
        name="stance"
        state={fieldError('stance') ? 'error' : 'default'}
        stateRelatedMessage={fieldError('stance')}
        options={STANCES.map((s) => ({ label: STANCE[s], nativeInputProps: { value: s, checked: stance === s, onChange: () => setStance(s) } }))}
      />
      <Input
        textArea
        label="Motivation"
        hintText={stance === 'favorable' || !stance ? 'Facultative pour un avis favorable' : 'Obligatoire'}
        state={fieldError('motivation') ? 'error' : 'default'}
        stateRelatedMessage={fieldError('motivation')}
        nativeTextAreaProps={{ name: 'motivation', rows: 5, value: motivation, onChange: (e) => setMotivation(e.target.value), maxLength: 10000 }}
      />
      <Button type="submit" disabled={submit.running} iconId="fr-icon-quill-pen-line">
        {submit.running ? 'Envoi…' : 'Signer et envoyer la position'}
      </Button>
    </form>
  );
}
