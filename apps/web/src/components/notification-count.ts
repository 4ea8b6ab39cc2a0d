import { useEffect, useState } from 'react';
import { notifications } from '../api/endpoints';

/** The unread count of the header's bell, shared with the notifications page (which marks them read). */
let count: number | null = null;
const listeners = new Set<(n: number | null) => void>();

export async function refreshUnreadCount(): Promise<void> {
  try {
    const page = await notifications.list({ unread: true, limit: 1 });
    count = page.total;
  } catch {
    return; // keep the last known count (offline, or signed out: the 401 ends the session)
  }
  listeners.forEach((l) => l(count));
}

/** Unread notifications of the signed-in user: loaded at once, on `key` change and every minute. */
export function useUnreadCount(enabled: boolean, key: string): number | null {
  const [n, setN] = useState<number | null>(count);
  useEffect(() => {
    listeners.add(setN);
    return () => void listeners.delete(setN);
  }, []);
  useEffect(() => {
    if (!enabled) return;
    void refreshUnreadCount();
    const timer = setInterval(() => void refreshUnreadCount(), 60_000);
    return () => clearInterval(timer);
  }, [enabled, key]);
  return enabled ? n : null;
}
