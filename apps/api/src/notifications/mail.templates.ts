/** The e-mails of the platform, in French, as plain text and HTML. Pure functions. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export interface MailMessage extends MailContent {
  to: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One paragraph list, one call to action, one footer: the same layout for every e-mail. */
function layout(greeting: string, paragraphs: string[], action: { label: string; url: string }, footer: string): MailContent & { subject: '' } {
  const text = [greeting, '', ...paragraphs.flatMap((p) => [p, '']), `${action.label} : ${action.url}`, '', '--', footer].join('\n');
  const html = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Concertation</title></head>
<body style="font-family: Marianne, Arial, sans-serif; color: #161616; line-height: 1.5">
<p>${escapeHtml(greeting)}</p>
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<p><a href="${escapeHtml(action.url)}" style="display: inline-block; background: #000091; color: #fff; padding: 8px 16px; text-decoration: none">${escapeHtml(action.label)}</a></p>
<p style="font-size: 0.875em; color: #666">Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur : ${escapeHtml(action.url)}</p>
<hr><p style="font-size: 0.875em; color: #666">${escapeHtml(footer)}</p>
</body></html>`;
  return { subject: '', text, html };
}

const FOOTER = 'Plateforme de concertation — message automatique, merci de ne pas y répondre.';

export function invitationMail(args: { displayName: string; inviterName: string; organizationName: string; groupTitle?: string; url: string; expiresAt: Date }): MailContent {
  const where = args.groupTitle ? ` au groupe de travail « ${args.groupTitle} »` : '';
  const body = layout(
    `Bonjour ${args.displayName},`,
    [
      `${args.inviterName} vous invite à rejoindre la plateforme de concertation${where}, au titre de « ${args.organizationName} ».`,
      `Ce lien est personnel et ne sert qu’une fois ; il expire le ${formatDate(args.expiresAt)}.`,
    ],
    { label: 'Accepter l’invitation', url: args.url },
    FOOTER,
  );
  return { ...body, subject: 'Invitation à la plateforme de concertation' };
}

export function passwordResetMail(args: { displayName: string; url: string }): MailContent {
  const body = layout(
    `Bonjour ${args.displayName},`,
    [
      'Une réinitialisation du mot de passe de votre compte a été demandée.',
      'Ce lien ne sert qu’une fois et expire dans une heure. Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.',
    ],
    { label: 'Choisir un nouveau mot de passe', url: args.url },
    FOOTER,
  );
  return { ...body, subject: 'Réinitialisation de votre mot de passe' };
}

export function notificationMail(args: { displayName: string; title: string; url: string }): MailContent {
  const body = layout(`Bonjour ${args.displayName},`, [args.title], { label: 'Voir sur la plateforme', url: args.url }, `${FOOTER} Vous pouvez choisir les notifications reçues par e-mail dans vos paramètres.`);
  return { ...body, subject: args.title };
}

export function formatDate(d: Date): string {
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(d);
}
