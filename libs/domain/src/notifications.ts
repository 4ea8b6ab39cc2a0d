/** The kinds of notification (API.md, "Notifications"). */
export const NOTIFICATION_KINDS = ['invited', 'vote_opened', 'positions_deadline', 'amendment_decided', 'minutes_published', 'version_frozen'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const isNotificationKind = (k: string): k is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(k);

/** E-mail settings with every kind present: what the user chose, `true` for the rest. */
export function emailSettings(stored: Record<string, boolean> | undefined): Record<NotificationKind, boolean> {
  const out = {} as Record<NotificationKind, boolean>;
  for (const k of NOTIFICATION_KINDS) out[k] = stored?.[k] ?? true;
  return out;
}

/**
 * The positions-deadline reminders due at `now`: 3 days and 1 day before the deadline. A
 * reminder is due from its moment until the deadline (a scan that missed the moment still sends it),
 * only the latest one due when both are (a deadline set 20 hours ahead gets the 1-day one only).
 */
export function dueReminder(deadline: Date, now: Date): 3 | 1 | null {
  const left = deadline.getTime() - now.getTime();
  const day = 24 * 3600 * 1000;
  if (left <= 0) return null;
  if (left <= day) return 1;
  if (left <= 3 * day) return 3;
  return null;
}
