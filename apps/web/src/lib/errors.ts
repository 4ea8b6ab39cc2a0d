import { ApiError } from '../api/client';

/**
 * The API answers validation failures as a list of `"<field> <rule>"` messages (class-validator,
 * in English unless the DTO gives a French message). These helpers put each message next to
 * its field, in French, and keep the rest for a general alert.
 */

const RULES: [RegExp, (m: RegExpMatchArray) => string][] = [
  [/^must be an email$/, () => 'doit être une adresse e-mail valide'],
  [/^should not be empty$/, () => 'est obligatoire'],
  [/^must be longer than or equal to (\d+) characters?$/, (m) => `doit contenir au moins ${m[1]} caractère${m[1] === '1' ? '' : 's'}`],
  [/^must be shorter than or equal to (\d+) characters?$/, (m) => `doit contenir au plus ${m[1]} caractères`],
  [/^must be one of the following values: (.*)$/, (m) => `doit être l’une des valeurs suivantes : ${m[1]}`],
  [/^must be a UUID$/, () => 'doit être un identifiant valide'],
  [/^must be a string$/, () => 'doit être un texte'],
  [/^must be a boolean value$/, () => 'doit être vrai ou faux'],
  [/^must be an integer number$/, () => 'doit être un nombre entier'],
  [/^must be a number conforming to the specified constraints$/, () => 'doit être un nombre'],
  [/^must be a valid ISO 8601 date string$/, () => 'doit être une date valide'],
  [/^must be a Date instance$/, () => 'doit être une date valide'],
  [/^must not be less than (\S+)$/, (m) => `doit être supérieur ou égal à ${m[1]}`],
  [/^must not be greater than (\S+)$/, (m) => `doit être inférieur ou égal à ${m[1]}`],
  [/^must be an array$/, () => 'doit être une liste'],
  [/^must contain at least (\d+) elements?$/, (m) => `doit contenir au moins ${m[1]} élément${m[1] === '1' ? '' : 's'}`],
  [/^must contain no more than (\d+) elements?$/, (m) => `doit contenir au plus ${m[1]} éléments`],
  [/^must be an object$/, () => 'doit être un objet'],
];

/** The API's field names, as the forms label them: an error names its field in words. */
const FIELD_LABELS: Record<string, string> = {
  title: 'Titre',
  startsAt: 'Début',
  endsAt: 'Fin',
  phase: 'Phase',
  agenda: 'Ordre du jour',
  minutes: 'Durée',
  positionsDeadline: 'Date limite des positions',
  dueDate: 'Échéance',
  progress: 'Avancement',
  horizon: 'Horizon',
  status: 'Statut',
  locked: 'Verrouillage',
  name: 'Nom',
  kind: 'Type',
  email: 'Adresse e-mail',
  displayName: 'Nom affiché',
  password: 'Mot de passe',
  organizationId: 'Organisation',
  userId: 'Personne',
  role: 'Rôle',
  code: 'Code',
  description: 'Description',
  mandate: 'Mandat',
  axisId: 'Axe',
  stance: 'Position',
  motivation: 'Motivation',
  versionId: 'Version',
  choice: 'Choix',
  reason: 'Motif',
  grades: 'Mentions',
  options: 'Options',
  rules: 'Règles',
  method: 'Méthode',
};

/** « Date limite des positions » for `positionsDeadline`, « Ordre du jour (point 1) : Durée » for `agenda.0.minutes`. */
export function fieldLabel(path: string): string {
  const parts = path.split(/[.[\]]+/).filter(Boolean);
  const words: string[] = [];
  for (const p of parts) {
    if (/^\d+$/.test(p)) words[words.length - 1] = `${words[words.length - 1] ?? ''} (n° ${Number(p) + 1})`;
    else words.push(FIELD_LABELS[p] ?? p);
  }
  return words.join(' — ');
}

function translateRule(rule: string): string {
  const r = rule.trim();
  for (const [re, fn] of RULES) {
    const m = r.match(re);
    if (m) return fn(m);
  }
  return r;
}

export interface SplitErrors {
  /** Messages per field, without the field name (shown under the field). */
  fields: Record<string, string[]>;
  /** Messages that belong to no known field (shown in an alert). */
  general: string[];
}

/**
 * Splits an error's messages by field. `fields` maps the API's property names to the labels
 * used in the general alert when a field of the message has no input on the form.
 */
export function splitErrors(err: unknown, fields: string[]): SplitErrors {
  const out: SplitErrors = { fields: {}, general: [] };
  if (!err) return out;
  if (!(err instanceof ApiError)) {
    out.general.push(err instanceof Error ? err.message : String(err));
    return out;
  }
  for (const msg of err.messages) {
    const unknownProp = msg.match(/^property (\S+) should not exist$/);
    if (unknownProp) {
      out.general.push(`Champ non reconnu par le serveur : ${unknownProp[1]}`);
      continue;
    }
    const m = msg.match(/^([A-Za-z][\w.[\]]*)(?::\s*|\s+)(.*)$/);
    const field = m && fields.find((f) => m[1] === f || m[1].startsWith(`${f}.`) || m[1].startsWith(`${f}[`));
    if (m && field) {
      (out.fields[field] ??= []).push(translateRule(m[2]));
    } else {
      out.general.push(...errorMessages(new ApiError(400, { message: msg }, msg)));
    }
  }
  return out;
}

/** The messages of any error, in French when they are validation rules. */
export function errorMessages(err: unknown): string[] {
  if (!err) return [];
  if (err instanceof ApiError) {
    return err.messages.map((msg) => {
      const unknownProp = msg.match(/^property (\S+) should not exist$/);
      if (unknownProp) return `Champ non reconnu par le serveur : ${unknownProp[1]}`;
      const rule = msg.match(/^([A-Za-z][\w.[\]]*)\s+(must .*|should .*)$/);
      if (rule) return `${fieldLabel(rule[1])} : ${translateRule(rule[2])}`;
      const named = msg.match(/^([A-Za-z][\w.[\]]*):\s*(.*)$/);
      return named ? `${fieldLabel(named[1])} : ${named[2]}` : msg;
    });
  }
  return [err instanceof Error ? err.message : String(err)];
}

/** The title of an alert for an error, from its status. */
export function errorTitle(err: unknown): string {
  if (!(err instanceof ApiError)) return 'Une erreur est survenue';
  if (err.code === 'no_change') return 'Aucune modification à figer';
  switch (err.status) {
    case 0:
      return 'Serveur injoignable';
    case 400:
      return 'Données invalides';
    case 401:
      return 'Authentification requise';
    case 403:
      return 'Action non autorisée';
    case 404:
      return 'Introuvable';
    case 409:
      return 'Action impossible dans l’état actuel';
    case 413:
      return 'Contenu trop volumineux';
    case 429:
      return 'Trop de demandes';
    default:
      return 'Erreur du serveur';
  }
}
