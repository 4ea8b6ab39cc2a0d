import { useState } from 'react';
import { Select } from '@codegouvfr/react-dsfr/Select';
import { provenance as provenanceApi } from '../../api/amendments';
import type { Version } from '../../api/types';
import { ErrorAlert, Loading } from '../../components/ui';
import { useAsync } from '../../lib/hooks';
import { COLLEGE } from '../../lib/labels';

const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

/** « Qui a écrit quoi » : who wrote each sentence of a version, from the server's record of stored edits. */
export function ProvenancePanel({ recommendationId, versions }: { recommendationId: string; versions: Version[] }) {
  const sorted = [...versions].sort((a, b) => b.number - a.number);
  const [number, setNumber] = useState<number | null>(sorted[0]?.number ?? null);
  const prov = useAsync(() => (number ? provenanceApi.ofVersion(recommendationId, number) : Promise.resolve(null)), [recommendationId, number]);
  if (!sorted.length) return <p>Aucune version n’a encore été figée.</p>;
  const p = prov.data;
  return (
    <div>
      <h2 className="fr-h4">Qui a écrit quoi</h2>
      <p className="fr-text--sm">
        Pour chaque phrase d’une version figée, les personnes dont le serveur a enregistré les modifications, avec leur organisation et leur collège. Les amendements intégrés sont
        attribués à leur auteur.
      </p>
      <Select label="Version" nativeSelectProps={{ value: number ?? '', onChange: (e) => setNumber(Number(e.target.value)) }}>
        {sorted.map((v) => (
          <option key={v.id} value={v.number}>
            Version {v.number}
          </option>
        ))}
      </Select>
      <ErrorAlert error={prov.error} />
      {prov.loading && !p && <Loading />}
      {p && (
        <>
          <div className="fr-table fr-table--no-caption">
            <table>
              <caption>Part du texte par collège</caption>
              <thead>
                <tr>
                  <th scope="col">Collège</th>
                  <th scope="col">Part du texte</th>
                </tr>
              </thead>
              <tbody>
                {(['state', 'local', 'civil'] as const).map((c) => (
                  <tr key={c}>
                    <td>{COLLEGE[c]}</td>
                    <td>{pct(p.byCollege[c])}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ol className="cc-provenance" aria-label={`Phrases de la version ${p.number}`}>
            {p.sentences.map((s) => (
              <li key={s.start}>
                <p className="fr-mb-1v">{s.text}</p>
                <p className="fr-text--sm fr-mb-0">
                  {s.contributors.length
                    ? s.contributors.map((c) => `${c.displayName ?? 'inconnu'}${c.college ? ` (${COLLEGE[c.college]})` : ''} : ${c.chars} caractère${c.chars > 1 ? 's' : ''}`).join(' ; ')
                    : 'Auteur non enregistré'}
                  {s.amendmentIds.length > 0 && ` — issue d’${s.amendmentIds.length > 1 ? 'amendements' : 'un amendement'}`}
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
