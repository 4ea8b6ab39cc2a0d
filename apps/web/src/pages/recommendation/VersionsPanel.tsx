import { useEffect, useState, type FormEvent } from 'react';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { ApiError } from '../../api/client';
import { recommendations } from '../../api/endpoints';
import type { DiffChange, Version } from '../../api/types';
import { Markdown } from '../../components/Markdown';
import { ErrorAlert, Loading, LiveStatus } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { useAction, type AsyncState } from '../../lib/hooks';

/** Frozen versions: read one, compare any two word by word, freeze a new one (facilitators). */
export function VersionsPanel({
  recommendationId,
  versions,
  canFreeze,
  nameOf,
}: {
  recommendationId: string;
  versions: AsyncState<Version[]>;
  canFreeze: boolean;
  nameOf: (userId: string | null) => string;
}) {
  const list = [...(versions.data ?? [])].sort((a, b) => b.number - a.number);
  const [reading, setReading] = useState<number | null>(null);
  const [from, setFrom] = useState<number | ''>('');
  const [to, setTo] = useState<number | ''>('');
  const [diff, setDiff] = useState<{ a: number; b: number; changes: DiffChange[] } | null>(null);
  const [frozen, setFrozen] = useState<string | null>(null);

  // default comparison: the two latest versions
  useEffect(() => {
    if (list.length >= 2 && from === '' && to === '') {
      setFrom(list[1].number);
      setTo(list[0].number);
    }
  }, [list, from, to]);

  const freeze = useAction(async () => {
    setFrozen(null);
    const v = await recommendations.freeze(recommendationId);
    setFrozen(`Version ${v.number} figée le ${formatDateTime(v.createdAt)}.`);
    await versions.reload();
    setReading(v.number);
  });
  const compare = useAction(async (e: FormEvent) => {
    e.preventDefault();
    if (from === '' || to === '') return;
    const res = await recommendations.diff(recommendationId, from, to);
    setDiff({ a: from, b: to, changes: res.changes });
  });
  const shown = list.find((v) => v.number === reading) ?? null;

  return (
    <div>
      <div className="cc-section-head">
        <h2 className="fr-h4 fr-mb-0">Versions figées</h2>
        {canFreeze && (
          <Button iconId="fr-icon-git-commit-line" onClick={() => freeze.run()} disabled={freeze.running}>
            {freeze.running ? 'Figement…' : 'Figer la version actuelle'}
          </Button>
        )}
      </div>
      <p className="fr-text--sm">
        Une version figée est le texte exact soumis au vote et aux positions des associations ; son empreinte SHA-256 permet de vérifier qu’il n’a pas changé.
      </p>
      <ErrorAlert error={freeze.error} title={freeze.error instanceof ApiError && freeze.error.code === 'no_change' ? 'Aucune modification à figer' : 'La version n’a pas pu être figée'} />
      {frozen && <LiveStatus className="fr-alert fr-alert--success fr-alert--sm fr-mb-2w">{frozen}</LiveStatus>}
      <ErrorAlert error={versions.error} />
      {versions.loading && !versions.data && <Loading />}
      {versions.data && list.length === 0 && <p>Aucune version n’a encore été figée.</p>}
      {list.length > 0 && (
        <ul className="cc-version-list">
          {list.map((v) => (
            <li key={v.id} className={reading === v.number ? 'cc-version-list__item--current' : undefined}>
              <span>
                <strong>Version {v.number}</strong> — {formatDateTime(v.createdAt)}
                {v.createdBy && <> — par {nameOf(v.createdBy)}</>}
                <br />
                <span className="fr-text--xs cc-hash" title={`Empreinte SHA-256 complète : ${v.contentHash}`}>
                  SHA-256 {v.contentHash.slice(0, 16)}…
                </span>
              </span>
              <Button
                size="small"
                priority="secondary"
                onClick={() => setReading(reading === v.number ? null : v.number)}
                nativeButtonProps={{ 'aria-expanded': reading === v.number, 'aria-controls': 'version-lue' }}
              >
                {reading === v.number ? `Masquer la version ${v.number}` : `Lire la version ${v.number}`}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <div id="version-lue">
        {shown && (
          <article className="cc-panel fr-mt-2w" aria-labelledby="version-lue-titre">
            <h3 id="version-lue-titre" className="fr-h5">
              Texte de la version {shown.number}
            </h3>
            {shown.content.trim() ? <Markdown source={shown.content} headingOffset={3} /> : <p>(texte vide)</p>}
          </article>
        )}
      </div>
      {list.length >= 2 && (
        <form onSubmit={compare.run} className="cc-panel fr-mt-3w" aria-labelledby="comparer-titre">
          <h3 id="comparer-titre" className="fr-h5">
            Comparer deux versions
          </h3>
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-12 fr-col-sm-5">
              <Select label="Version de départ" nativeSelectProps={{ value: from, onChange: (e) => setFrom(Number(e.target.value)) }}>
                {list.map((v) => (
                  <option key={v.id} value={v.number}>
                    Version {v.number}
                  </option>
                ))}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-sm-5">
              <Select label="Version d’arrivée" nativeSelectProps={{ value: to, onChange: (e) => setTo(Number(e.target.value)) }}>
                {list.map((v) => (
                  <option key={v.id} value={v.number}>
                    Version {v.number}
                  </option>
                ))}
              </Select>
            </div>
            <div className="fr-col-12 fr-col-sm-2 cc-align-end">
              <Button type="submit" disabled={compare.running}>
                Comparer
              </Button>
            </div>
          </div>
          <ErrorAlert error={compare.error} />
          {diff && <DiffView {...diff} />}
        </form>
      )}
    </div>
  );
}

/** A word-level diff: deletions struck through in red, insertions underlined in green, with text equivalents. */
export function DiffView({ a, b, changes }: { a: number; b: number; changes: DiffChange[] }) {
  const inserted = changes.filter((c) => c.op === 'insert').reduce((n, c) => n + countWords(c.text), 0);
  const deleted = changes.filter((c) => c.op === 'delete').reduce((n, c) => n + countWords(c.text), 0);
  return (
    <section className="fr-mt-2w" aria-label={`Différences entre les versions ${a} et ${b}`}>
      <LiveStatus className="fr-text--sm">
        De la version {a} à la version {b} : {inserted} mot{inserted > 1 ? 's' : ''} ajouté{inserted > 1 ? 's' : ''}, {deleted} mot{deleted > 1 ? 's' : ''} supprimé
        {deleted > 1 ? 's' : ''}.
      </LiveStatus>
      <p className="fr-text--xs cc-diff-legend">
        <ins className="cc-diff-ins">texte ajouté</ins> <del className="cc-diff-del">texte supprimé</del>
      </p>
      <div className="cc-diff">
        {changes.map((c, i) =>
          c.op === 'insert' ? (
            <ins key={i} className="cc-diff-ins">
              <span className="fr-sr-only">[ajout : </span>
              {c.text}
              <span className="fr-sr-only">]</span>
            </ins>
          ) : c.op === 'delete' ? (
            <del key={i} className="cc-diff-del">
              <span className="fr-sr-only">[suppression : </span>
              {c.text}
              <span className="fr-sr-only">]</span>
            </del>
          ) : (
            <span key={i}>{c.text}</span>
          ),
        )}
      </div>
    </section>
  );
}

function countWords(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}
