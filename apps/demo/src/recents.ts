import type { CallDirection, CallSnapshot, EndReason } from '@handset/core';
import { useEffect, useState } from 'react';

/** One line of the call history, as kept in localStorage. */
export interface RecentCall {
  readonly id: string;
  readonly number: string;
  readonly name?: string;
  readonly direction: CallDirection;
  /** When the call started, ms since the epoch. */
  readonly time: number;
  /** Seconds from the answer to the end; 0 when never answered. */
  readonly duration: number;
  readonly endReason: EndReason;
}

export const recentsLimit = 50;
const keyFor = (extension: string) => `handset-demo:recents:${extension}`;

function read(extension: string): RecentCall[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(keyFor(extension)) ?? '[]');
    return Array.isArray(value) ? (value as RecentCall[]) : [];
  } catch {
    return [];
  }
}

/** Adds an ended call (newest first, the last 50), reading the list afresh so tabs do not overwrite each other. */
export function addRecent(extension: string, call: CallSnapshot): void {
  if (!call.end) return;
  const list = read(extension);
  if (list.some((entry) => entry.id === call.id)) return;
  const duration = call.answeredAt && call.endedAt ? Math.max(0, Math.round((call.endedAt - call.answeredAt) / 1000)) : 0;
  const entry: RecentCall = {
    id: call.id,
    number: call.remote.number,
    ...(call.remote.name ? { name: call.remote.name } : {}),
    direction: call.direction,
    time: call.startedAt,
    duration,
    endReason: call.end.reason,
  };
  try {
    localStorage.setItem(keyFor(extension), JSON.stringify([entry, ...list].slice(0, recentsLimit)));
  } catch {
    // Storage full or disabled: the history is a convenience.
  }
  window.dispatchEvent(new Event('handset-demo:recents'));
}

export function clearRecents(extension: string): void {
  localStorage.removeItem(keyFor(extension));
  window.dispatchEvent(new Event('handset-demo:recents'));
}

/** The history of this extension, kept up to date with this tab's and other tabs' writes. */
export function useRecents(extension: string): RecentCall[] {
  const [list, setList] = useState(() => read(extension));
  useEffect(() => {
    const update = () => setList(read(extension));
    update();
    window.addEventListener('handset-demo:recents', update);
    window.addEventListener('storage', update);
    return () => {
      window.removeEventListener('handset-demo:recents', update);
      window.removeEventListener('storage', update);
    };
  }, [extension]);
  return list;
}
