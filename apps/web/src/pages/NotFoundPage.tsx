import { Link } from 'react-router-dom';
import { PageHeader } from '../components/ui';

export function NotFoundPage({ forbidden = false }: { forbidden?: boolean }) {
  return (
    <div className="fr-col-12 fr-col-md-8">
      <PageHeader title={forbidden ? 'Accès réservé' : 'Page introuvable'} />
      <p className="fr-text--lead">
        {forbidden ? 'Cette page est réservée aux administrateurs de la plateforme.' : 'La page que vous cherchez n’existe pas ou a été déplacée.'}
      </p>
      <p>
        <Link className="fr-link fr-icon-arrow-left-line fr-link--icon-left" to="/">
          Retour à l’accueil
        </Link>
      </p>
    </div>
  );
}
