import { useEffect, useRef, type ReactNode } from 'react';
import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { Breadcrumb } from '@codegouvfr/react-dsfr/Breadcrumb';
import { errorMessages, errorTitle } from '../lib/errors';
import { usePageTitle } from '../lib/hooks';

/** An API error in words, in a DSFR alert (role="alert" so screen readers announce it). */
export function ErrorAlert({ error, title, className = 'fr-mb-3w' }: { error: unknown; title?: string; className?: string }) {
  if (!error) return null;
  const messages = errorMessages(error);
  return (
    <Alert
      className={className}
      severity="error"
      role="alert"
      title={title ?? errorTitle(error)}
      description={messages.length === 1 ? messages[0] : <ul>{messages.map((m, i) => <li key={i}>{m}</li>)}</ul>}
    />
  );
}

/** Messages that belong to no field of a form. */
export function GeneralErrors({ messages, title = 'L’enregistrement a échoué' }: { messages: string[]; title?: string }) {
  if (!messages.length) return null;
  return (
    <Alert
      className="fr-mb-3w"
      severity="error"
      role="alert"
      title={title}
      description={messages.length === 1 ? messages[0] : <ul>{messages.map((m, i) => <li key={i}>{m}</li>)}</ul>}
    />
  );
}

export function Loading({ label = 'Chargement…' }: { label?: string }) {
  return (
    <p className="fr-text--sm cc-loading" role="status" aria-live="polite">
      <span className="fr-icon-refresh-line fr-icon--sm fr-mr-1w" aria-hidden="true" />
      {label}
    </p>
  );
}

export interface Crumb {
  label: string;
  to: string;
}

/**
 * The page heading: breadcrumb, the one `<h1>` (focused after navigation so screen readers
 * announce the new page), and the document title.
 */
export function PageHeader({ title, crumbs = [], children, lead }: { title: string; crumbs?: Crumb[]; children?: ReactNode; lead?: ReactNode }) {
  usePageTitle(title);
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    h1.current?.focus({ preventScroll: true });
  }, [title]);
  return (
    <div className="cc-page-header fr-mb-4w">
      {crumbs.length > 0 && (
        <Breadcrumb
          className="fr-mb-2w fr-mt-0"
          currentPageLabel={title}
          homeLinkProps={{ to: '/' }}
          segments={crumbs.map((c) => ({ label: c.label, linkProps: { to: c.to } }))}
        />
      )}
      <div className="cc-page-header__row">
        <h1 ref={h1} tabIndex={-1} className="fr-mb-1w">
          {title}
        </h1>
        {children && <div className="cc-page-header__actions">{children}</div>}
      </div>
      {lead && <div className="fr-text--lead fr-mb-0">{lead}</div>}
    </div>
  );
}

/** A polite live region: status messages ("Enregistré", "Vote ouvert") announced without moving focus. */
export function LiveStatus({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <p className={className} role="status" aria-live="polite">
      {children}
    </p>
  );
}

export function SuccessNotice({ message, onClose }: { message: string | null; onClose?: () => void }) {
  if (!message) return null;
  return <Alert className="fr-mb-3w" severity="success" small closable={!!onClose} onClose={onClose} description={message} role="status" />;
}
