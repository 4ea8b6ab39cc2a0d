import { useEffect, useRef } from 'react';
import { NavLink } from 'react-router-dom';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { ErrorAlert, PageHeader, SuccessNotice } from '../../components/ui';

const LINKS = [
  { to: '/admin/organisations', label: 'Organisations' },
  { to: '/admin/utilisateurs', label: 'Utilisateurs' },
  { to: '/admin/axes', label: 'Axes stratégiques' },
  { to: '/admin/groupes', label: 'Groupes de travail' },
];

/** The administration's sections. */
export function AdminNav() {
  return (
    <nav className="fr-mb-4w" aria-label="Sections de l’administration">
      <ul className="fr-tags-group">
        {LINKS.map((l) => (
          <li key={l.to}>
            <NavLink to={l.to} className="fr-tag" aria-current={undefined} end>
              {({ isActive }) => (isActive ? <strong aria-current="page">{l.label}</strong> : l.label)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The top of every administration page: title, sections, the last success and the list's error. */
export function AdminHeader({ title, done, onDismiss, error }: { title: string; done: string | null; onDismiss: () => void; error: unknown }) {
  return (
    <>
      <PageHeader title={title} crumbs={[{ label: 'Administration', to: '/admin/organisations' }]} />
      <AdminNav />
      <SuccessNotice message={done} onClose={onDismiss} />
      <ErrorAlert error={error} />
    </>
  );
}

/** "Modifier" in a table row; `what` completes the label for screen readers. */
export function EditButton({ what, onClick }: { what: string; onClick: () => void }) {
  return (
    <Button size="small" priority="secondary" onClick={onClick}>
      <span>
        Modifier<span className="fr-sr-only"> {what}</span>
      </span>
    </Button>
  );
}

/** Moves focus to the element when it mounts for an edit (keyboard users land on the form). */
/** The buttons under an admin form: create, or save and cancel when editing. */
export function FormActions({ editing, running, createLabel, onCancel }: { editing: boolean; running: boolean; createLabel: string; onCancel: () => void }) {
  return (
    <div className="cc-inline-actions">
      <Button type="submit" disabled={running}>
        {editing ? 'Enregistrer' : createLabel}
      </Button>
      {editing && (
        <Button type="button" priority="secondary" onClick={onCancel}>
          Annuler
        </Button>
      )}
    </div>
  );
}

export function useFocusWhen<T extends HTMLElement>(when: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (when) {
      ref.current?.focus();
      ref.current?.scrollIntoView({ block: 'center' });
    }
  }, [when]);
  return ref;
}
