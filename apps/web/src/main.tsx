// The DSFR's stylesheet (fonts bundled) and its icon classes, reduced to the icons we use
// (see vite.config.ts): what `@codegouvfr/react-dsfr/main.css` imports, minus 1.5 MB.
import '@codegouvfr/react-dsfr/dsfr/dsfr.min.css';
import 'virtual:dsfr-used-icons.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa';
import { BrowserRouter, Link } from 'react-router-dom';
import { App } from './App';
import { AuthProvider } from './auth/AuthContext';

// The DSFR's JS (menus, modals, colour scheme) with react-router's Link for every DSFR link.
startReactDsfr({ defaultColorScheme: 'system', Link });

declare module '@codegouvfr/react-dsfr/spa' {
  interface RegisterLink {
    Link: typeof Link;
  }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <AuthProvider>
        <App />
      </AuthProvider>
    </BrowserRouter>
  </StrictMode>,
);
