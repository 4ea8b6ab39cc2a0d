import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { Button } from '@codegouvfr/react-dsfr/Button';
import { Checkbox } from '@codegouvfr/react-dsfr/Checkbox';
import { SegmentedControl } from '@codegouvfr/react-dsfr/SegmentedControl';
import { notifications } from '../../api/endpoints';
import type { NotificationKind, NotificationSettings } from '../../api/types';
import { refreshUnreadCount } from '../../components/notification-count';
import { ErrorAlert, Loading, PageHeader, SuccessNotice } from '../../components/ui';
import { formatDateTime } from '../../lib/format';
import { useAction, useAsync } from '../../lib/hooks';

export const KIND_LABELS: Record<NotificationKind, string> = {
  invited: 'Invitations',
  vote_opened: 'Ouverture d’un vote où je peux voter',
  positions_deadline: 'Rappels avant la date limite des positions (3 jours et 1 jour avant)',
  amendment_decided: 'Décision sur un de mes amendements',
  minutes_published: 'Publication du compte rendu d’une séance de mes groupes',
  version_frozen: 'Nouvelle version figée d’une recommandation de mes groupes',
};

/** /notifications — the list (newest first), marking read, and the e-mail settings. */
export function NotificationsPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const list = useAsync(() => notifications.list({ unread: unreadOnly || undefined, limit: 100 }), [unreadOnly]);
  const mark = useAction(async (body: { ids: string[] } | { all: true }) => {
    await notifications.read(body);
    await Promise.all([list.reload(), refreshUnreadCount()]);
  });
  const items = list.data?.items ?? [];
  const unread = items.filter((n) => !n.readAt);
  return (
    <>
      <PageHeader title="Notifications" />
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--middle fr-mb-2w">
        <div className="fr-col">
          <SegmentedControl
            legend="Afficher"
            hideLegend
            small
            segments={[
              { label: 'Toutes', nativeInputProps: { checked: !unreadOnly, onChange: () => setUnreadOnly(false) } },
              { label: 'Non lues', nativeInputProps: { checked: unreadOnly, onChange: () => setUnreadOnly(true) } },
            ]}
          />
        </div>
        <div className="fr-col-auto">
          <Button priority="secondary" size="small" disabled={mark.running || unread.length === 0} onClick={() => void mark.run({ all: true })}>
            Tout marquer comme lu
          </Button>
        </div>
      </div>
      <ErrorAlert error={list.error ?? mark.error} />
      {list.loading && !list.data ? (
        <Loading label="Chargement des notifications…" />
      ) : items.length === 0 ? (
        <p>{unreadOnly ? 'Aucune notification non lue.' : 'Aucune notification pour le moment.'}</p>
      ) : (
        <ul className="fr-raw-list cc-notifications" aria-label="Notifications, les plus récentes d’abord">
          {items.map((n) => (
            <li key={n.id} className={`fr-p-2w fr-mb-1w ${n.readAt ? 'cc-notification--read' : 'cc-notification--unread'}`}>
              <p className="fr-mb-1v">
                {!n.readAt && <span className="fr-badge fr-badge--sm fr-badge--new fr-mr-1w">Non lue</span>}
                <Link to={n.link} onClick={() => (n.readAt ? undefined : void notifications.read({ ids: [n.id] }).then(refreshUnreadCount))}>
                  {n.title}
                </Link>
              </p>
              <p className="fr-text--xs fr-mb-0">
                {formatDateTime(n.createdAt)} · {KIND_LABELS[n.kind] ?? n.kind}
                {!n.readAt && (
                  <Button priority="tertiary no outline" size="small" className="fr-ml-1w" disabled={mark.running} onClick={() => void mark.run({ ids: [n.id] })}>
                    Marquer comme lue
                  </Button>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      <NotificationSettingsForm />
    </>
  );
}

function NotificationSettingsForm() {
  const settings = useAsync(() => notifications.settings(), []);
  const [draft, setDraft] = useState<NotificationSettings['email'] | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) setDraft(settings.data.email);
  }, [settings.data]);
  const save = useAction(async () => {
    if (!draft) return;
    const res = await notifications.updateSettings(draft);
    settings.setData(res);
    setSaved('Vos préférences d’e-mail sont enregistrées.');
  });
  return (
    <section className="fr-mt-6w" aria-labelledby="titre-preferences">
      <h2 id="titre-preferences" className="fr-h4">
        Recevoir aussi par e-mail
      </h2>
      <p className="fr-text--sm">Les notifications restent toujours visibles ici ; choisissez celles qui vous sont aussi envoyées par e-mail.</p>
      <ErrorAlert error={settings.error ?? save.error} title="Préférences non enregistrées" />
      <SuccessNotice message={saved} onClose={() => setSaved(null)} />
      {!draft ? (
        <Loading label="Chargement des préférences…" />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setSaved(null);
            void save.run();
          }}
        >
          <Checkbox
            legend="Notifications envoyées par e-mail"
            options={(Object.keys(KIND_LABELS) as NotificationKind[]).map((k) => ({
              label: KIND_LABELS[k],
              nativeInputProps: { name: k, checked: draft[k], onChange: (e) => setDraft({ ...draft, [k]: e.target.checked }) },
            }))}
          />
          <Button type="submit" disabled={save.running}>
            {save.running ? 'Enregistrement…' : 'Enregistrer mes préférences'}
          </Button>
        </form>
      )}
    </section>
  );
}
