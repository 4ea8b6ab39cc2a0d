import type { ReactNode } from 'react';

/** A DSFR table with a visible caption (RGAA: every data table has a title). */
export function DataTable({ caption, headers, rows, empty = 'Aucun élément.', className }: { caption: ReactNode; headers: ReactNode[]; rows: { key: string; cells: ReactNode[] }[]; empty?: string; className?: string }) {
  if (rows.length === 0)
    return (
      <div className={className}>
        <p className="fr-text--bold fr-mb-1w">{caption}</p>
        <p className="fr-text--sm">{empty}</p>
      </div>
    );
  return (
    <div className={`fr-table fr-table--no-scroll ${className ?? ''}`}>
      <div className="fr-table__wrapper">
        <div className="fr-table__container">
          <div className="fr-table__content">
            <table>
              <caption>{caption}</caption>
              <thead>
                <tr>
                  {headers.map((h, i) => (
                    <th key={i} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.key}>
                    {r.cells.map((c, i) => (
                      <td key={i}>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
