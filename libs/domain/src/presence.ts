import type { GroupRole } from './roles';

/** The `user` field of a live-draft presence state: set by the server, never by the client (API.md v2). */
export interface PresenceUser {
  /** The account's display name. */
  name: string;
  /** The group role in the draft's working group; null for a reader outside the group (an admin). */
  role: GroupRole | null;
  /** The caret and avatar colour: stable per account. */
  color: string;
}

// every colour carries white text at a contrast of 4.5:1 or more (caret labels); the web app's
// colorFor (apps/web/src/lib/format.ts) uses the same palette and hash
const PALETTE = ['#000091', '#c9191e', '#a558a0', '#b34000', '#716043', '#465f9d', '#18753c', '#6e445a', '#006a6f', '#7d4e5b'];

/** A stable, readable colour for an account. */
export function presenceColor(userId: string): string {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (h * 31 + userId.charCodeAt(i)) >>> 0;
  return PALETTE[h % PALETTE.length];
}
