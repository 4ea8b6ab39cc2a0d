import { Link } from 'react-router-dom';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { useMe } from '../auth/AuthContext';
import { DataTable } from '../components/DataTable';
import { PageHeader } from '../components/ui';
import { COLLEGE, GROUP_ROLE, GROUP_STATUS, ORGANIZATION_KIND, PLATFORM_ROLE } from '../lib/labels';

/** « Mes groupes »: the signed-in user's profile and group memberships (GET /api/me). */
export function MyGroupsPage() {
  const me = useMe();
  return (
    <>
      <PageHeader title="Mes groupes" crumbs={[]} />
      <div className="fr-grid-row fr-grid-row--gutters fr-mb-4w">
        <div className="fr-col-12 fr-col-md-6">
          <div className="fr-callout">
            <h2 className="fr-callout__title fr-h5">{me.displayName}</h2>
            <p className="fr-callout__text fr-text--md">
              {me.email}
              <br />
              {me.organization ? (
                <>
                  {me.organization.name} — {ORGANIZATION_KIND[me.organization.kind]} ({COLLEGE[me.organization.college]})
                </>
              ) : (
                'Sans organisation'
              )}
              <br />
              Rôle sur la plateforme : {PLATFORM_ROLE[me.role]}
              {me.isRepresentative && (
                <>
                  <br />
                  <Badge severity="success" small as="span">
                    Représentant·e de son organisation
                  </Badge>
                </>
              )}
            </p>
          </div>
        </div>
      </div>
      <DataTable
        caption="Groupes de travail dont vous êtes membre"
        empty="Vous n’êtes membre d’aucun groupe de travail. L’animateur d’un groupe ou l’administrateur peut vous y inscrire."
        headers={['Groupe de travail', 'Votre rôle', 'Statut']}
        rows={me.memberships.map((m) => ({
          key: m.workingGroupId,
          cells: [
            <Link to={`/groupes/${m.workingGroupId}`}>{m.title}</Link>,
            GROUP_ROLE[m.role] ?? m.role,
            GROUP_STATUS[m.status] ?? m.status,
          ],
        }))}
      />
    </>
  );
}
