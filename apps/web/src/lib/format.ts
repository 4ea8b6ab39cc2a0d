const dateFmt = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long' });
const dateTimeFmt = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short' });
const shortDateFmt = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'short', year: 'numeric' });
const monthFmt = new Intl.DateTimeFormat('fr-FR', { month: 'short', year: 'numeric' });
const timeFmt = new Intl.DateTimeFormat('fr-FR', { timeStyle: 'short' });

function parse(value: string | Date | null | undefined): Date | null {
  if (!value) return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** « 3 mars 2026 » */
export const formatDate = (v: string | Date | null | undefined) => (parse(v) ? dateFmt.format(parse(v)!) : '—');
/** « 3 mars 2026 à 14:30 » */
export const formatDateTime = (v: string | Date | null | undefined) => (parse(v) ? dateTimeFmt.format(parse(v)!) : '—');
export const formatShortDate = (v: string | Date | null | undefined) => (parse(v) ? shortDateFmt.format(parse(v)!) : '—');
export const formatMonth = (v: Date) => monthFmt.format(v);
export const formatTime = (v: string | Date | null | undefined) => (parse(v) ? timeFmt.format(parse(v)!) : '—');

/** mm:ss for a countdown. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export const percent = (n: number, d: number) => (d > 0 ? `${Math.round((n / d) * 1000) / 10} %`.replace('.', ',') : '0 %');

/** A `<input type="datetime-local">` value for a Date, in local time. */
export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** ISO string of a `datetime-local` value, or null when empty or invalid. */
export function fromLocalInput(v: string): string | null {
  if (!v) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A stable, readable colour for a person (presence, carets). */
// every colour carries white text at a contrast of 4.5:1 or more (caret labels)
const PALETTE = ['#000091', '#c9191e', '#a558a0', '#b34000', '#716043', '#465f9d', '#18753c', '#6e445a', '#006a6f', '#7d4e5b'];
export function colorFor(key: string): string {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

/**
 * An organisation's name as a noun phrase, with its definite article: « l’Association des
 * maires… », « la Région Occitanie », « le Ministère de l’Intérieur ». Proper names that take
 * no article (« Régions de France », an acronym) are left as they are. `de` gives the
 * complement: « de l’Association… », « du Ministère… », « de la Région… ».
 */
const FEMININE = ['association', 'région', 'communauté', 'commune', 'métropole', 'direction', 'préfecture', 'agence', 'délégation', 'fédération', 'chambre', 'caisse', 'ville', 'collectivité', 'assemblée', 'mission', 'inspection', 'cour', 'union', 'maison', 'école', 'université', 'fondation', 'mutuelle', 'société', 'coopérative', 'confédération', 'autorité', 'haute'];
const MASCULINE = ['ministère', 'syndicat', 'département', 'conseil', 'secrétariat', 'institut', 'centre', 'service', 'office', 'établissement', 'groupement', 'comité', 'commissariat', 'observatoire', 'pôle', 'parc', 'collectif', 'réseau', 'cabinet', 'haut'];
const VOWEL = /^[aeiouyàâäéèêëîïôöùûüœh]/i;

export function withArticle(name: string): string {
  const n = name.trim();
  if (!n) return n;
  if (/^(l[e’']|la |les |l’|l')/i.test(n)) return n.charAt(0).toLowerCase() + n.slice(1);
  const first = n.split(/[\s’'-]/)[0].toLowerCase();
  const feminine = FEMININE.includes(first);
  const masculine = MASCULINE.includes(first);
  if (!feminine && !masculine) return n; // a proper name (« Régions de France ») or an acronym
  if (VOWEL.test(first) && !/^h/i.test(first)) return `l’${n}`;
  return `${feminine ? 'la' : 'le'} ${n}`;
}

export function ofOrganization(name: string): string {
  const phrase = withArticle(name);
  if (phrase.startsWith('le ')) return `du ${phrase.slice(3)}`;
  if (phrase.startsWith('les ')) return `des ${phrase.slice(4)}`;
  return /^[aeiouyàâäéèêëîïôöùûüœ]/i.test(phrase) && phrase === name.trim() ? `d’${phrase}` : `de ${phrase}`;
}

export const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
