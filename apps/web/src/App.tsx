import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { tokens } from './api/client';
import { useAuth } from './auth/AuthContext';
import { Layout } from './components/Layout';
import { Loading } from './components/ui';
import { LoginPage } from './pages/LoginPage';
import { HomePage } from './pages/HomePage';
import { MyGroupsPage } from './pages/MyGroupsPage';
import { GroupPage } from './pages/GroupPage';
import { RoadmapPage } from './pages/RoadmapPage';
import { OrganizationsPage } from './pages/admin/OrganizationsPage';
import { UsersPage } from './pages/admin/UsersPage';
import { AxesPage } from './pages/admin/AxesPage';
import { GroupsAdminPage } from './pages/admin/GroupsAdminPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { InvitationPage } from './pages/identity/InvitationPage';
import { PasswordForgotPage, PasswordResetPage } from './pages/identity/PasswordPages';
import { NotificationsPage } from './pages/identity/NotificationsPage';

// The live pages carry the editor (Tiptap, Yjs) and socket.io: loaded on demand.
const RecommendationPage = lazy(() => import('./pages/RecommendationPage').then((m) => ({ default: m.RecommendationPage })));
const VotePage = lazy(() => import('./pages/VotePage').then((m) => ({ default: m.VotePage })));
const SessionPage = lazy(() => import('./pages/SessionPage').then((m) => ({ default: m.SessionPage })));
const ProjectorPage = lazy(() => import('./pages/ProjectorPage').then((m) => ({ default: m.ProjectorPage })));

/** Pages behind sign-in: without a session, the sign-in page with the way back. */
function RequireAuth({ children, admin = false }: { children: ReactNode; admin?: boolean }) {
  const { me, token, loading } = useAuth();
  const location = useLocation();
  if (!token && !loading) return <Navigate to={`/connexion?${tokens.expired ? 'expiree=1&' : ''}retour=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (loading || !me) return <Loading label="Chargement de votre profil…" />;
  if (admin && me.role !== 'admin') return <NotFoundPage forbidden />;
  return <Suspense fallback={<Loading />}>{children}</Suspense>;
}

export function App() {
  const location = useLocation();
  // The projector view is full screen, without the DSFR header and footer.
  if (/^\/seances\/[^/]+\/projection\/?$/.test(location.pathname)) {
    return (
      <Routes>
        <Route
          path="/seances/:id/projection"
          element={
            <RequireAuth>
              <ProjectorPage />
            </RequireAuth>
          }
        />
      </Routes>
    );
  }
  const guard = (el: ReactNode, admin = false) => <RequireAuth admin={admin}>{el}</RequireAuth>;
  return (
    <Layout>
      <Routes>
        <Route path="/connexion" element={<LoginPage />} />
        <Route path="/invitation/:token" element={<InvitationPage />} />
        <Route path="/mot-de-passe-oublie" element={<PasswordForgotPage />} />
        <Route path="/mot-de-passe/nouveau/:token" element={<PasswordResetPage />} />
        <Route path="/notifications" element={guard(<NotificationsPage />)} />
        <Route path="/" element={guard(<HomePage />)} />
        <Route path="/mes-groupes" element={guard(<MyGroupsPage />)} />
        <Route path="/groupes/:id" element={guard(<GroupPage />)} />
        <Route path="/recommandations/:id" element={guard(<RecommendationPage />)} />
        <Route path="/votes/:id" element={guard(<VotePage />)} />
        <Route path="/seances/:id" element={guard(<SessionPage />)} />
        <Route path="/feuille-de-route" element={guard(<RoadmapPage />)} />
        <Route path="/admin" element={<Navigate to="/admin/organisations" replace />} />
        <Route path="/admin/organisations" element={guard(<OrganizationsPage />, true)} />
        <Route path="/admin/utilisateurs" element={guard(<UsersPage />, true)} />
        <Route path="/admin/axes" element={guard(<AxesPage />, true)} />
        <Route path="/admin/groupes" element={guard(<GroupsAdminPage />, true)} />
        <Route path="*" element={<NotFoundPage />} />
      </Routes>
    </Layout>
  );
}
