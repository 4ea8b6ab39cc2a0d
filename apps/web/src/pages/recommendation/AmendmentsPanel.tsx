import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { Badge } from '@codegouvfr/react-dsfr/Badge';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { amendments as amendmentsApi, comments as commentsApi, type Amendment, type AmendmentStatus, type Comment } from '../../api/amendments';
import type { GroupRole, Me, Recommendation, Version } from '../../api/types';
import { ErrorAlert, Loading, LiveStatus } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { useAction, useAsync } from '../../lib/hooks';
import type { BadgeSeverity } from '../../lib/labels';

export const AMENDMENT_STATUS: Record<AmendmentStatus, string> = {
  submitted: 'Déposé',
  withdrawn: 'Retiré',
  adopted: 'Adopté',
  rejected: 'Rejeté',
  lapsed: 'Tombé',
};
const AMENDMENT_SEVERITY: Record<AmendmentStatus, BadgeSeverity> = {
  submitted: 'info',
  withdrawn: undefined,
  adopted: 'success',
  rejected: 'error',
  lapsed: 'warning',
};

const CLOSED = new Set(['adopted', 'rejected', 'withdrawn']);

interface Selection {
  start: number;
  end: number;
}

/** « text », shortened; an empty passage is an insertion point. */
const cite = (s: string, max = 200) => (s ? `« ${s.length > max ? s.slice(0, max - 1) + '…' : s} »` : '(insertion)');

/**
 * Amendments to the latest frozen version: select a passage → « Proposer un amendement »
 * (replacement and exposé des motifs); the list in examination order with conflicts; the
 * facilitator examines them one by one (adopt, reject, or put to a vote) and merges the adopted
 * ones into the live draft. Comments in the margin, anchored to the selected passage.
 */
export function AmendmentsPanel({ rec, latest, role, me }: { rec: Recommendation; latest: Version | null; role: GroupRole | null; me: Me }) {
  const list = useAsync(() => (latest ? amendmentsApi.list(rec.id, latest.id) : Promise.resolve([])), [rec.id, latest?.id]);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [proposing, setProposing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const textRef = useRef<HTMLPreElement>(null);
  const canAmend = (role === 'participant' || role === 'facilitator') && !CLOSED.has(rec.status);
  const isFacilitator = role === 'facilitator';

  // the selection inside the version's text: offsets into its Markdown (one text node)
  const readSelection = useCallback(() => {
    const el = textRef.current;
    const sel = window.getSelection();
    if (!el || !sel || sel.rangeCount === 0) return;
    const range = sel.getRangeAt(0);
    const node = el.firstChild;
    if (!node || range.startContainer !== node || range.endContainer !== node) return;
    const start = Math.min(range.startOffset, range.endOffset);
    const end = Math.max(range.startOffset, range.endOffset);
    setSelection(start === end ? null : { start, end });
  }, []);
  useEffect(() => {
    document.addEventListener('selectionchange', readSelection);
    return () => document.removeEventListener('selectionchange', readSelection);
  }, [readSelection]);

  if (!latest) return <p>Aucune version n’a encore été figée : les amendements portent sur la dernière version figée.</p>;
  const items = list.data ?? [];
  const orderOf = new Map(items.map((a) => [a.id, a.examinationOrder]));
  const adoptedToMerge = items.filter((a) => a.status === 'adopted' && !a.merged).length;

  return (
    <div className="fr-grid-row fr-grid-row--gutters">
      <div className="fr-col-12 fr-col-lg-8">
        <h2 className="fr-h4">Amender la version {latest.number}</h2>
        <p className="fr-text--sm" id="aide-selection">
          Sélectionnez un passage du texte (à la souris, ou au clavier avec Maj et les flèches), puis choisissez « Proposer un amendement ». Vous pouvez aussi saisir le passage
          visé dans le formulaire.
        </p>
        <pre ref={textRef} className="cc-amendable" id="texte-amendable" tabIndex={0} aria-label={`Texte de la version ${latest.number}`} aria-describedby="aide-selection" onMouseUp={readSelection} onKeyUp={readSelection}>
          {latest.content}
        </pre>
        <p className="fr-text--sm" role="status" aria-live="polite">
          {selection ? `Passage sélectionné : ${cite(latest.content.slice(selection.start, selection.end), 80)}` : 'Aucun passage sélectionné.'}
        </p>
        {canAmend && !proposing && (
          <Button iconId="fr-icon-edit-box-line" onClick={() => setProposing(true)}>
            Proposer un amendement
          </Button>
        )}
        {proposing && (
          <AmendmentForm
            rec={rec}
            version={latest}
            selection={selection}
            canRepresent={me.isRepresentative && !!me.organizationId}
            onCancel={() => setProposing(false)}
            onDone={async (a) => {
              setProposing(false);
              setNotice(`Amendement déposé : il est examiné en position ${a.examinationOrder}.`);
              await list.reload();
            }}
          />
        )}
        {notice && <LiveStatus className="fr-alert fr-alert--success fr-alert--sm fr-my-2w">{notice}</LiveStatus>}

        <div className="cc-section-head fr-mt-4w">
          <h2 className="fr-h4 fr-mb-0">Amendements, dans l’ordre d’examen</h2>
        </div>
        {isFacilitator && <MergeBar rec={rec} pending={adoptedToMerge} onMerged={() => list.reload()} />}
        <ErrorAlert error={list.error} />
        {list.loading && !list.data && <Loading />}
        {list.data && items.length === 0 && <p>Aucun amendement sur cette version.</p>}
        <ol className="cc-amendments" aria-label="Amendements">
          {items.map((a) => (
            <AmendmentItem key={a.id} a={a} orderOf={orderOf} me={me} isFacilitator={isFacilitator} workingGroupId={rec.workingGroupId} onChange={() => list.reload()} />
          ))}
        </ol>
      </div>
      <div className="fr-col-12 fr-col-lg-4">
        <CommentsMargin rec={rec} version={latest} selection={selection} canWrite={role === 'participant' || role === 'facilitator'} />
      </div>
    </div>
  );
}

function AmendmentForm({
  rec,
  version,
  selection,
  canRepresent,
  onCancel,
  onDone,
}: {
  rec: Recommendation;
  version: Version;
  selection: Selection | null;
  canRepresent: boolean;
  onCancel: () => void;
  onDone: (a: Amendment) => void | Promise<void>;
}) {
  const initial = selection ? version.content.slice(selection.start, selection.end) : '';
  const [passage, setPassage] = useState(initial);
  const [replacement, setReplacement] = useState(initial);
  const [rationale, setRationale] = useState('');
  const [onBehalf, setOnBehalf] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = useAction(async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    // the selection when the passage is the selected text, else the passage's only occurrence
    let range: Selection | null = selection && version.content.slice(selection.start, selection.end) === passage ? selection : null;
    if (!range) {
      const at = passage ? version.content.indexOf(passage) : -1;
      if (at < 0) return setProblem('Le passage visé ne figure pas dans le texte de la version : sélectionnez-le ou copiez-le tel quel.');
      if (version.content.indexOf(passage, at + 1) >= 0) return setProblem('Ce passage figure plusieurs fois dans le texte : sélectionnez celui que vous voulez amender.');
      range = { start: at, end: at + passage.length };
    }
    if (!rationale.trim()) return setProblem('L’exposé des motifs est requis.');
    const a = await amendmentsApi.create(rec.id, { versionId: version.id, ...range, replacement, rationale, ...(onBehalf ? { onBehalfOfOrganization: true } : {}) });
    await onDone(a);
  });
  return (
    <form className="cc-panel fr-mt-2w" onSubmit={submit.run} aria-labelledby="nouvel-amendement">
      <h3 id="nouvel-amendement" className="fr-h5">
        Nouvel amendement
      </h3>
      <ErrorAlert error={submit.error} title="L’amendement n’a pas été déposé" />
      {problem && (
        <p className="fr-error-text fr-mb-2w" role="alert">
          {problem}
        </p>
      )}
      <div className="fr-input-group">
        <label className="fr-label" htmlFor="amendement-passage">
          Passage visé
          <span className="fr-hint-text">Le texte exact de la version {version.number} que l’amendement remplace.</span>
        </label>
        <textarea id="amendement-passage" className="fr-input" rows={2} value={passage} onChange={(e) => setPassage(e.target.value)} required />
      </div>
      <div className="fr-input-group">
        <label className="fr-label" htmlFor="amendement-texte">
          Texte proposé
          <span className="fr-hint-text">Laissez vide pour proposer la suppression du passage (20 000 caractères au plus).</span>
        </label>
        <textarea id="amendement-texte" className="fr-input" rows={3} maxLength={20_000} value={replacement} onChange={(e) => setReplacement(e.target.value)} />
      </div>
      <div className="fr-input-group">
        <label className="fr-label" htmlFor="amendement-motifs">
          Exposé des motifs
        </label>
        <textarea id="amendement-motifs" className="fr-input" rows={3} value={rationale} onChange={(e) => setRationale(e.target.value)} required />
      </div>
      {canRepresent && (
        <div className="fr-checkbox-group fr-mb-2w">
          <input type="checkbox" id="amendement-organisation" checked={onBehalf} onChange={(e) => setOnBehalf(e.target.checked)} />
          <label className="fr-label" htmlFor="amendement-organisation">
            Déposer au nom de mon organisation
          </label>
        </div>
      )}
      <ul className="fr-btns-group fr-btns-group--inline-sm">
        <li>
          <Button type="submit" disabled={submit.running}>
            {submit.running ? 'Dépôt…' : 'Déposer l’amendement'}
          </Button>
        </li>
        <li>
          <Button type="button" priority="secondary" onClick={onCancel}>
            Annuler
          </Button>
        </li>
      </ul>
    </form>
  );
}

function AmendmentItem({
  a,
  orderOf,
  me,
  isFacilitator,
  workingGroupId,
  onChange,
}: {
  a: Amendment;
  orderOf: Map<string, number>;
  me: Me;
  isFacilitator: boolean;
  workingGroupId: string;
  onChange: () => Promise<void>;
}) {
  const [voteId, setVoteId] = useState<string | null>(a.voteId);
  const act = useAction(async (what: 'adopted' | 'rejected' | 'withdraw' | 'vote') => {
    if (what === 'withdraw') await amendmentsApi.withdraw(a.id);
    else if (what === 'vote') setVoteId((await amendmentsApi.putToVote(workingGroupId, a)).id);
    else await amendmentsApi.decide(a.id, what);
    await onChange();
  });
  const conflicts = a.conflictsWith.map((id) => orderOf.get(id)).filter((n): n is number => n !== undefined);
  const titleId = `amendement-${a.id}`;
  return (
    <li className="cc-amendment cc-panel" aria-labelledby={titleId} data-amendment={a.id}>
      <div className="cc-section-head">
        <h3 id={titleId} className="fr-h6 fr-mb-0">
          Amendement n° {a.examinationOrder}
        </h3>
        <Badge noIcon severity={AMENDMENT_SEVERITY[a.status]}>
          {AMENDMENT_STATUS[a.status]}
        </Badge>
      </div>
      <dl className="cc-amendment__body">
        <dt>Passage visé</dt>
        <dd>
          <del className="cc-diff-del">{cite(a.original)}</del>
        </dd>
        <dt>Texte proposé</dt>
        <dd>
          <ins className="cc-diff-ins">{a.replacement ? cite(a.replacement) : '(suppression du passage)'}</ins>
        </dd>
        <dt>Exposé des motifs</dt>
        <dd>{a.rationale}</dd>
        <dt>Auteur</dt>
        <dd>
          {a.authorName ?? 'un membre'}
          {a.onBehalfOfOrganization && ' (au nom de son organisation)'} — {formatDateTime(a.createdAt)}
        </dd>
      </dl>
      {conflicts.length > 0 && (
        <p className="fr-text--sm cc-conflict">
          <span className="fr-icon-warning-line fr-icon--sm" aria-hidden="true" /> En conflit avec {conflicts.length > 1 ? 'les amendements' : 'l’amendement'} n°{' '}
          {conflicts.join(', ')} : si l’un est adopté, les autres tombent.
        </p>
      )}
      {a.status === 'adopted' && (
        <p className="fr-text--sm">{a.merged ? 'Intégré au brouillon.' : a.skippedReason ? `Non intégré : ${a.skippedReason}` : 'À intégrer au brouillon.'}</p>
      )}
      {voteId && (
        <p className="fr-text--sm">
          <Link to={`/votes/${voteId}`}>Voir le vote sur cet amendement</Link>
        </p>
      )}
      <ErrorAlert error={act.error} title="Action impossible" />
      {a.status === 'submitted' && (
        <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm">
          {isFacilitator && (
            <>
              <li>
                <Button size="small" disabled={act.running} onClick={() => act.run('adopted')} nativeButtonProps={{ 'aria-describedby': titleId }}>
                  Adopter
                </Button>
              </li>
              <li>
                <Button size="small" priority="secondary" disabled={act.running} onClick={() => act.run('rejected')} nativeButtonProps={{ 'aria-describedby': titleId }}>
                  Rejeter
                </Button>
              </li>
              {!voteId && (
                <li>
                  <Button size="small" priority="tertiary" disabled={act.running} onClick={() => act.run('vote')} nativeButtonProps={{ 'aria-describedby': titleId }}>
                    Mettre aux voix
                  </Button>
                </li>
              )}
            </>
          )}
          {a.authorId === me.id && (
            <li>
              <Button size="small" priority="tertiary" disabled={act.running} onClick={() => act.run('withdraw')} nativeButtonProps={{ 'aria-describedby': titleId }}>
                Retirer
              </Button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}

/** The facilitator merges the adopted amendments into the live draft; what could not be placed is said, with why. */
function MergeBar({ rec, pending, onMerged }: { rec: Recommendation; pending: number; onMerged: () => Promise<void> }) {
  const [result, setResult] = useState<string | null>(null);
  const merge = useAction(async () => {
    const r = await amendmentsApi.merge(rec.id);
    const parts = [`${r.merged.length} amendement${r.merged.length > 1 ? 's' : ''} intégré${r.merged.length > 1 ? 's' : ''} au brouillon`];
    if (r.skipped.length) parts.push(`${r.skipped.length} non intégré${r.skipped.length > 1 ? 's' : ''} : ${r.skipped.map((s) => s.reason).join(' ; ')}`);
    setResult(parts.join(' ; ') + '.');
    await onMerged();
  });
  return (
    <div className="fr-my-2w">
      <Button iconId="fr-icon-git-merge-line" disabled={merge.running || pending === 0 || rec.locked} onClick={() => merge.run()}>
        {merge.running ? 'Intégration…' : `Intégrer les amendements adoptés au brouillon (${pending})`}
      </Button>
      {rec.locked && <p className="fr-text--sm fr-mt-1w">Le brouillon est verrouillé : déverrouillez-le pour intégrer les amendements.</p>}
      <ErrorAlert error={merge.error} title="L’intégration a échoué" className="fr-mt-2w" />
      {result && <LiveStatus className="fr-alert fr-alert--info fr-alert--sm fr-mt-2w">{result}</LiveStatus>}
    </div>
  );
}

/** Comments in the margin: threads anchored to a passage (or to the whole text), replies, resolve. */
function CommentsMargin({ rec, version, selection, canWrite }: { rec: Recommendation; version: Version; selection: Selection | null; canWrite: boolean }) {
  const list = useAsync(() => commentsApi.list(rec.id), [rec.id]);
  const [body, setBody] = useState('');
  const [anchored, setAnchored] = useState(true);
  const add = useAction(async (e: FormEvent) => {
    e.preventDefault();
    const at = anchored && selection ? { versionId: version.id, start: selection.start, end: selection.end } : {};
    await commentsApi.create(rec.id, { body, ...at });
    setBody('');
    await list.reload();
  });
  const all = list.data ?? [];
  const threads = all.filter((c) => !c.parentId);
  const replies = (id: string) => all.filter((c) => c.parentId === id);
  return (
    <section className="cc-panel cc-comments" aria-labelledby="commentaires-titre">
      <h2 id="commentaires-titre" className="fr-h6">
        Commentaires ({threads.length})
      </h2>
      <ErrorAlert error={list.error} />
      {canWrite && (
        <form onSubmit={add.run} className="fr-mb-3w">
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="nouveau-commentaire">
              Nouveau commentaire
            </label>
            <textarea id="nouveau-commentaire" className="fr-input" rows={2} value={body} onChange={(e) => setBody(e.target.value)} required />
          </div>
          {selection && (
            <div className="fr-checkbox-group fr-mb-1w">
              <input type="checkbox" id="commentaire-ancre" checked={anchored} onChange={(e) => setAnchored(e.target.checked)} />
              <label className="fr-label" htmlFor="commentaire-ancre">
                Sur le passage sélectionné
              </label>
            </div>
          )}
          <ErrorAlert error={add.error} title="Le commentaire n’a pas été publié" />
          <Button type="submit" size="small" disabled={add.running || !body.trim()}>
            Commenter
          </Button>
        </form>
      )}
      {list.data && threads.length === 0 && <p className="fr-text--sm">Aucun commentaire.</p>}
      <ul className="cc-comment-list">
        {threads.map((c) => (
          <CommentThread key={c.id} c={c} replies={replies(c.id)} rec={rec} version={version} canWrite={canWrite} onChange={() => list.reload()} />
        ))}
      </ul>
    </section>
  );
}

function CommentThread({ c, replies, rec, version, canWrite, onChange }: { c: Comment; replies: Comment[]; rec: Recommendation; version: Version; canWrite: boolean; onChange: () => Promise<void> }) {
  const [reply, setReply] = useState('');
  const send = useAction(async (e: FormEvent) => {
    e.preventDefault();
    await commentsApi.create(rec.id, { body: reply, parentId: c.id });
    setReply('');
    await onChange();
  });
  const toggle = useAction(async () => {
    await commentsApi.resolve(c.id, !c.resolved);
    await onChange();
  });
  const passage = c.versionId === version.id && c.start !== null && c.end !== null ? version.content.slice(c.start, c.end) : null;
  return (
    <li className={c.resolved ? 'cc-comment cc-comment--resolved' : 'cc-comment'}>
      {passage !== null && <p className="fr-text--xs fr-mb-1v">Sur {cite(passage, 80)}</p>}
      <p className="fr-mb-1v">
        <strong>{c.authorName ?? 'un membre'}</strong> : {c.body}
      </p>
      {c.resolved && <Badge severity="success" small>Résolu</Badge>}
      {replies.length > 0 && (
        <ul className="cc-comment-replies">
          {replies.map((r) => (
            <li key={r.id}>
              <strong>{r.authorName ?? 'un membre'}</strong> : {r.body}
            </li>
          ))}
        </ul>
      )}
      <ErrorAlert error={send.error ?? toggle.error} title="Action impossible" />
      {canWrite && (
        <>
          <form onSubmit={send.run} className="cc-inline-form">
            <label className="fr-sr-only" htmlFor={`reponse-${c.id}`}>
              Répondre à {c.authorName ?? 'ce commentaire'}
            </label>
            <input id={`reponse-${c.id}`} className="fr-input" placeholder="Répondre…" value={reply} onChange={(e) => setReply(e.target.value)} />
            <Button type="submit" size="small" priority="secondary" disabled={send.running || !reply.trim()}>
              Répondre
            </Button>
          </form>
          <Button size="small" priority="tertiary" disabled={toggle.running} onClick={() => toggle.run()}>
            {c.resolved ? 'Rouvrir' : 'Marquer comme résolu'}
          </Button>
        </>
      )}
    </li>
  );
}
