import { Link } from 'react-router-dom';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { axes as axesApi, groups as groupsApi } from '../api/endpoints';
import { useAuth } from '../auth/AuthContext';
import { ErrorAlert, Loading, PageHeader } from '../components/ui';
import { useAsync } from '../lib/hooks';
import { GROUP_ROLE, GROUP_STATUS } from '../lib/labels';

/** Home: the programme's strategic axes, each with its working groups. */
export function HomePage() {
  const { me, roleIn } = useAuth();
  const state = useAsync(async () => {
    const [axes, groups] = await Promise.all([axesApi.list(), groupsApi.list()]);
    return { axes: [...axes].sort((a, b) => a.position - b.position || a.code.localeCompare(b.code)), groups };
  }, []);

  return (
    <>
      <PageHeader
        title="Programme de co-construction"
        lead={<>Bonjour {me?.displayName}. Voici les axes stratégiques du programme et leurs ateliers.</>}
      />
      <ErrorAlert error={state.error} />
      {state.loading && !state.data && <Loading />}
      {state.data && state.data.axes.length === 0 && <p>Aucun axe stratégique n’a encore été créé.</p>}
      {state.data?.axes.map((axis) => {
        const groups = state.data!.groups.filter((g) => g.axisId === axis.id);
        return (
          <section key={axis.id} className="fr-mb-6w" aria-labelledby={`axe-${axis.id}`}>
            <p className="fr-tag fr-mb-1w">{axis.code}</p>
            <h2 id={`axe-${axis.id}`} className="fr-h3">
              {axis.title}
            </h2>
            {axis.description && <p>{axis.description}</p>}
            {groups.length === 0 ? (
              <p className="fr-text--sm">Aucun groupe de travail pour cet axe.</p>
            ) : (
              <ul className="fr-grid-row fr-grid-row--gutters cc-plain-list">
                {groups.map((g) => {
                  const role = roleIn(g.id);
                  return (
                    <li key={g.id} className="fr-col-12 fr-col-md-6">
                      <div className="fr-card fr-enlarge-link fr-card--horizontal-tier">
                        <div className="fr-card__body">
                          <div className="fr-card__content">
                            <h3 className="fr-card__title">
                              <Link to={`/groupes/${g.id}`}>{g.title}</Link>
                            </h3>
                            <p className="fr-card__desc">{g.mandate}</p>
                            <div className="fr-card__start">
                              <ul className="fr-badges-group">
                                {role && (
                                  <li>
                                    <Badge severity="info" small noIcon>
                                      {`Vous : ${GROUP_ROLE[role]}`}
                                    </Badge>
                                  </li>
                                )}
                                {g.status === 'archived' && (
                                  <li>
                                    <Badge small>{GROUP_STATUS.archived}</Badge>
                                  </li>
                                )}
                              </ul>
                            </div>
                          </div>
                        </div>
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        );
      })}
    </>
  );
}
