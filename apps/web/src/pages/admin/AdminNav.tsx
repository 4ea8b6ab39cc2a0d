import { useEffect, useRef } from 'react';
import { NavLink } from 'react-router-dom';

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

/** Moves focus to the element when it mounts for an edit (keyboard users land on the form). */
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
