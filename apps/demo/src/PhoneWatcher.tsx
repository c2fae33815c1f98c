import { usePhone } from '@handset/react';
import { type ReactNode, useEffect } from 'react';
import { describeError, describeFailedCall } from './messages';
import { useNotices } from './notices';
import { addRecent } from './recents';
import type { LineKind } from './settings';

/**
 * What the demo does beside rendering: keeps the call history, turns failed calls into messages, and shows
 * a browser notification for an incoming call while the tab is hidden (if notifications were allowed).
 */
export function PhoneWatcher({ extension, line }: { extension: string; line: LineKind }): ReactNode {
  const phone = usePhone();
  const { add } = useNotices();

  useEffect(() => {
    const offCall = phone.on('call', (call) => {
      call.on('ended', () => {
        const snapshot = call.snapshot;
        addRecent(extension, snapshot);
        const failure = snapshot.direction === 'outgoing' || snapshot.error ? describeFailedCall(snapshot) : null;
        if (failure) add(failure);
      });
    });
    const offError = phone.on('error', (error) => {
      // A failed registration has its own banner (RegistrationProblem).
      if (phone.registration === 'failed' || error.code === 'registration-failed' || error.code === 'registration-conflict') return;
      add(describeError(error, line));
    });
    const offIncoming = phone.on('incoming', (call) => {
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden) return;
      const who = call.remote.name || call.remote.number;
      const notification = new Notification('Incoming call', { body: `${who} is calling`, tag: call.id, requireInteraction: true });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
      call.on('state', (state) => state !== 'incoming' && notification.close());
    });
    return () => {
      offCall();
      offError();
      offIncoming();
    };
  }, [phone, extension, line, add]);

  return null;
}
