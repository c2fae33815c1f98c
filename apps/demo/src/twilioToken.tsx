import { usePhone } from '@handset/react';
import { type ReactNode, useEffect } from 'react';
import type { LineChange } from './App';
import { describeTokenFailure } from './messages';
import { useNotices } from './notices';
import type { LineSettings } from './settings';
import { fetchTwilioToken, type TwilioSettings } from './twilioSettings';

/**
 * A tab reopened on the Twilio line has no token (it is kept in memory only): fetch one from the token URL,
 * then make the phone; if none comes, go back to the sandbox line and say why.
 */
export function TwilioTokenRestore({ line, onLineChange }: { line: LineSettings; onLineChange: LineChange }): ReactNode {
  const { add } = useNotices();
  useEffect(() => {
    let current = true;
    if (!line.twilio) return;
    fetchTwilioToken(line.twilio)
      .then((token) => current && onLineChange(line, token))
      .catch((error: unknown) => {
        if (!current) return;
        add(`${describeTokenFailure(error)} The phone is on the sandbox line until then.`);
        onLineChange({ ...line, kind: 'sandbox' });
      });
    return () => {
      current = false;
    };
  }, [line, onLineChange, add]);
  return (
    <div className="demo-app" data-line="twilio" data-registration="registering">
      <main className="demo-main">
        <p role="status">Fetching a Twilio token…</p>
      </main>
    </div>
  );
}

/** Before the token expires (the line's `tokenWillExpire`), a fresh one from the token URL goes to the phone, mid-call too. */
export function TwilioTokenRefresh({ settings }: { settings: TwilioSettings }): ReactNode {
  const phone = usePhone();
  const { add } = useNotices();
  useEffect(
    () =>
      phone.on('tokenWillExpire', () => {
        fetchTwilioToken(settings)
          .then((token) => phone.updateToken(token))
          .catch((error: unknown) => add(`The Twilio token could not be renewed. ${describeTokenFailure(error)}`));
      }),
    [phone, settings, add],
  );
  return null;
}
