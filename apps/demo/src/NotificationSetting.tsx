import { type ReactNode, useId, useState } from 'react';

/** Incoming-call notifications while the tab is hidden need the browser's permission. */
export function NotificationSetting(): ReactNode {
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  const headingId = useId();
  return (
    <section className="demo-card" aria-labelledby={headingId}>
      <h3 id={headingId}>Notifications</h3>
      {!supported ? (
        <p className="demo-muted">This browser has no notifications.</p>
      ) : permission === 'granted' ? (
        <p className="demo-muted">On: an incoming call shows a notification while this tab is hidden.</p>
      ) : permission === 'denied' ? (
        <p className="demo-muted">
          Blocked in the browser. Allow notifications for this site in the address bar to be told of calls while the tab is hidden.
        </p>
      ) : (
        <button type="button" className="demo-button" onClick={() => void Notification.requestPermission().then(setPermission)}>
          Notify me of calls while this tab is hidden
        </button>
      )}
    </section>
  );
}
