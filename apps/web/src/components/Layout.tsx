import type { ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { Header } from '@codegouvfr/react-dsfr/Header';
import { Footer } from '@codegouvfr/react-dsfr/Footer';
import { SkipLinks } from '@codegouvfr/react-dsfr/SkipLinks';
import { Display, headerFooterDisplayItem } from '@codegouvfr/react-dsfr/Display';
import { useAuth } from '../auth/AuthContext';
import { useUnreadCount } from './notification-count';

const BRAND_TOP = (
  <>
    République
    <br />
    Française
  </>
);

/** DSFR page frame: skip links, header with the main navigation, footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { me, logout } = useAuth();
  const { pathname } = useLocation();
  const unread = useUnreadCount(!!me, pathname);
  const active = (prefix: string) => (prefix === '/' ? pathname === '/' : pathname.startsWith(prefix));

  const navigation = me
    ? [
        { text: 'Accueil', linkProps: { to: '/' }, isActive: active('/') },
        { text: 'Mes groupes', linkProps: { to: '/mes-groupes' }, isActive: active('/mes-groupes') || active('/groupes') },
        { text: 'Feuille de route', linkProps: { to: '/feuille-de-route' }, isActive: active('/feuille-de-route') },
        ...(me.role === 'admin'
          ? [
              {
                text: 'Administration',
                isActive: active('/admin'),
                menuLinks: [
                  { text: 'Organisations', linkProps: { to: '/admin/organisations' }, isActive: active('/admin/organisations') },
                  { text: 'Utilisateurs', linkProps: { to: '/admin/utilisateurs' }, isActive: active('/admin/utilisateurs') },
                  { text: 'Axes stratégiques', linkProps: { to: '/admin/axes' }, isActive: active('/admin/axes') },
                  { text: 'Groupes de travail', linkProps: { to: '/admin/groupes' }, isActive: active('/admin/groupes') },
                ],
              },
            ]
          : []),
      ]
    : undefined;

  const quickAccessItems = [
    headerFooterDisplayItem,
    ...(me
      ? [
          {
            iconId: 'fr-icon-notification-3-line' as const,
            text: unread ? `Notifications (${unread} non lue${unread > 1 ? 's' : ''})` : 'Notifications',
            linkProps: { to: '/notifications', className: 'cc-bell', 'aria-current': active('/notifications') ? ('page' as const) : undefined },
          },
          { iconId: 'fr-icon-account-circle-line' as const, text: me.displayName, linkProps: { to: '/mes-groupes' } },
          { iconId: 'fr-icon-logout-box-r-line' as const, text: 'Se déconnecter', buttonProps: { onClick: logout, type: 'button' as const } },
        ]
      : [{ iconId: 'fr-icon-lock-line' as const, text: 'Se connecter', linkProps: { to: '/connexion' } }]),
  ];

  return (
    <>
      <SkipLinks
        links={[
          { label: 'Contenu', anchor: '#contenu' },
          ...(me ? [{ label: 'Menu', anchor: '#en-tete-main-navigation' }] : []),
          { label: 'Pied de page', anchor: '#pied-de-page' },
        ]}
      />
      <Header
        brandTop={BRAND_TOP}
        serviceTitle="Concertation"
        serviceTagline="Co-construire l’action publique entre l’État et les collectivités"
        homeLinkProps={{ to: '/', title: 'Accueil — Concertation' }}
        quickAccessItems={quickAccessItems}
        navigation={navigation}
        classes={{ menu: 'cc-menu' }}
        id="en-tete"
      />
      <main id="contenu" tabIndex={-1} className="fr-container fr-py-5w cc-main">
        {children}
      </main>
      <Footer
        id="pied-de-page"
        brandTop={BRAND_TOP}
        homeLinkProps={{ to: '/', title: 'Accueil — Concertation' }}
        accessibility="partially compliant"
        contentDescription="Concertation est la plateforme où les ministères, les collectivités territoriales et les associations d’élus co-rédigent les recommandations du programme, les votent, rendent leurs positions et suivent la feuille de route."
        bottomItems={[headerFooterDisplayItem]}
      />
      <Display />
    </>
  );
}
