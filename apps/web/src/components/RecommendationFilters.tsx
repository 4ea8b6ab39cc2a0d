import { Select } from '@codegouvfr/react-dsfr/Select';
import type { Horizon, RecommendationStatus } from '../api/types';
import { HORIZON, RECOMMENDATION_STATUS, RECOMMENDATION_STATUSES } from '../lib/labels';

/** The status and horizon filters of a list of recommendations (group page, roadmap). */
export function RecommendationFilters({
  status,
  onStatus,
  horizon,
  onHorizon,
  labelPrefix = '',
  columnClass = 'fr-col-12 fr-col-sm-6',
  className = 'fr-grid-row fr-grid-row--gutters',
}: {
  status: RecommendationStatus | '';
  onStatus: (s: RecommendationStatus | '') => void;
  horizon: Horizon | '';
  onHorizon: (h: Horizon | '') => void;
  /** e.g. "Filtrer par " → "Filtrer par statut" */
  labelPrefix?: string;
  columnClass?: string;
  className?: string;
}) {
  const label = (what: string) => (labelPrefix ? `${labelPrefix}${what}` : what.charAt(0).toUpperCase() + what.slice(1));
  return (
    <div className={className}>
      <div className={columnClass}>
        <Select label={label('statut')} nativeSelectProps={{ value: status, onChange: (e) => onStatus(e.target.value as RecommendationStatus | '') }}>
          <option value="">Tous les statuts</option>
          {RECOMMENDATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {RECOMMENDATION_STATUS[s]}
            </option>
          ))}
        </Select>
      </div>
      <div className={columnClass}>
        <Select label={label('horizon')} nativeSelectProps={{ value: horizon, onChange: (e) => onHorizon(e.target.value as Horizon | '') }}>
          <option value="">Tous les horizons</option>
          <option value="quick_win">{HORIZON.quick_win}</option>
          <option value="structuring">{HORIZON.structuring}</option>
        </Select>
      </div>
    </div>
  );
}
