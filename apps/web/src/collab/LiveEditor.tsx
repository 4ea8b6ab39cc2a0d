import { useEffect, useState, type FormEvent } from 'react';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import Collaboration from '@tiptap/extension-collaboration';
import CollaborationCaret from '@tiptap/extension-collaboration-caret';
import type { CollabSession } from './useCollab';

export interface LiveEditorProps {
  session: CollabSession;
  user: { name: string; color: string };
  readOnly: boolean;
  /** Accessible name of the text area. */
  label: string;
}

/** The caret of another person: a coloured bar with their name. */
function renderCaret(user: Record<string, any>): HTMLElement {
  const caret = document.createElement('span');
  caret.classList.add('collaboration-carets__caret');
  caret.style.borderColor = user.color;
  caret.setAttribute('data-user', user.name);
  const label = document.createElement('span');
  label.classList.add('collaboration-carets__label');
  label.style.backgroundColor = user.color;
  label.setAttribute('aria-hidden', 'true');
  label.textContent = user.name;
  caret.appendChild(label);
  return caret;
}

/** Tiptap bound to the Yjs document (fragment `default`), with the others' carets. */
export function LiveEditor({ session, user, readOnly, label }: LiveEditorProps) {
  const editor = useEditor(
    {
      extensions: [
        // Undo/redo is Yjs's (per user), not ProseMirror's history.
        StarterKit.configure({
          undoRedo: false,
          heading: { levels: [2, 3, 4] },
          link: { openOnClick: false, autolink: true, defaultProtocol: 'https', protocols: ['http', 'https', 'mailto'] },
          code: false,
          codeBlock: false,
        }),
        Collaboration.configure({ document: session.doc, field: 'default' }),
        CollaborationCaret.configure({ provider: session.provider, user, render: renderCaret }),
      ],
      editable: !readOnly,
      editorProps: {
        attributes: {
          class: 'cc-editor__content',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': label,
          'aria-readonly': String(readOnly),
          lang: 'fr',
          spellcheck: 'true',
        },
      },
    },
    [session],
  );

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.setEditable(!readOnly);
    editor.setOptions({
      editorProps: {
        attributes: {
          class: 'cc-editor__content',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': label,
          'aria-readonly': String(readOnly),
          lang: 'fr',
          spellcheck: 'true',
        },
      },
    });
  }, [editor, readOnly, label]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.commands.updateUser(user);
  }, [editor, user]);

  return (
    <div className={`cc-editor${readOnly ? ' cc-editor--readonly' : ''}`}>
      {!readOnly && editor && <Toolbar editor={editor} />}
      <EditorContent editor={editor} />
    </div>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      paragraph: e.isActive('paragraph'),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      link: e.isActive('link'),
      href: (e.getAttributes('link').href as string | undefined) ?? '',
    }),
  });
  const [linkOpen, setLinkOpen] = useState(false);
  const [href, setHref] = useState('');
  const [linkError, setLinkError] = useState<string | null>(null);

  const chain = () => editor.chain().focus();
  const btn = (key: string, text: string, icon: string, active: boolean, run: () => void) => (
    <button
      key={key}
      type="button"
      className={`fr-btn fr-btn--sm fr-btn--tertiary-no-outline ${icon}${active ? ' cc-toolbar__btn--active' : ''}`}
      aria-pressed={active}
      title={text}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
    >
      {text}
    </button>
  );

  const applyLink = (e: FormEvent) => {
    e.preventDefault();
    const value = href.trim();
    if (!value) {
      chain().extendMarkRange('link').unsetLink().run();
      setLinkOpen(false);
      return;
    }
    if (!/^(https?:\/\/|mailto:)/i.test(value)) {
      setLinkError('L’adresse doit commencer par https://, http:// ou mailto:');
      return;
    }
    chain().extendMarkRange('link').setLink({ href: value }).run();
    setLinkOpen(false);
    setLinkError(null);
  };

  return (
    <div className="cc-toolbar" role="toolbar" aria-label="Mise en forme du texte">
      <div className="cc-toolbar__group">
        {btn('h2', 'Titre', 'fr-icon-h-2', !!state?.h2, () => chain().toggleHeading({ level: 2 }).run())}
        {btn('h3', 'Sous-titre', 'fr-icon-h-3', !!state?.h3, () => chain().toggleHeading({ level: 3 }).run())}
        {btn('p', 'Paragraphe', 'fr-icon-format-clear', !!state?.paragraph && !state?.bullet && !state?.ordered, () => chain().setParagraph().run())}
      </div>
      <div className="cc-toolbar__group">
        {btn('ul', 'Liste à puces', 'fr-icon-list-unordered', !!state?.bullet, () => chain().toggleBulletList().run())}
        {btn('ol', 'Liste numérotée', 'fr-icon-list-ordered', !!state?.ordered, () => chain().toggleOrderedList().run())}
      </div>
      <div className="cc-toolbar__group">
        {btn('b', 'Gras', 'fr-icon-bold', !!state?.bold, () => chain().toggleBold().run())}
        {btn('i', 'Italique', 'fr-icon-italic', !!state?.italic, () => chain().toggleItalic().run())}
        {btn('a', 'Lien', 'fr-icon-link', !!state?.link, () => {
          setHref(state?.href ?? '');
          setLinkError(null);
          setLinkOpen((o) => !o);
        })}
      </div>
      {linkOpen && (
        <form className="cc-toolbar__link" onSubmit={applyLink}>
          <div className={`fr-input-group${linkError ? ' fr-input-group--error' : ''}`}>
            <label className="fr-label" htmlFor="cc-link-href">
              Adresse du lien (vide pour retirer le lien)
            </label>
            <input
              id="cc-link-href"
              className={`fr-input${linkError ? ' fr-input--error' : ''}`}
              type="url"
              value={href}
              autoFocus
              onChange={(e) => setHref(e.target.value)}
              aria-describedby={linkError ? 'cc-link-error' : undefined}
            />
            {linkError && (
              <p id="cc-link-error" className="fr-message fr-message--error">
                {linkError}
              </p>
            )}
          </div>
          <button type="submit" className="fr-btn fr-btn--sm">
            Appliquer
          </button>
          <button type="button" className="fr-btn fr-btn--sm fr-btn--secondary" onClick={() => setLinkOpen(false)}>
            Annuler
          </button>
        </form>
      )}
    </div>
  );
}
