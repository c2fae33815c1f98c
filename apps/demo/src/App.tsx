import { createPhone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { IncomingCallDialog, PhoneProvider, usePhoneSelector, useRegistration } from '@handset/react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { DialScreen } from './DialScreen';
import { InCallScreen } from './InCallScreen';
import { createLine, LineSettingsContext } from './line';
import { useMediaKit, usePlaybackBlocked } from './media';
import { describeError } from './messages';
import { NoticeList, NoticesProvider } from './notices';
import { PhoneWatcher } from './PhoneWatcher';
import { SettingsScreen } from './SettingsScreen';
import { type LineSettings, lineIdentity, loadLineSettings, saveLineSettings } from './settings';
import { tokenIdentity } from './twilioSettings';
import { TwilioTokenRefresh, TwilioTokenRestore } from './twilioToken';

/** Saves the line and remounts the phone on it; a Twilio line comes with the token just fetched (memory only). */
export type LineChange = (next: LineSettings, twilioToken?: string) => void;

export function App(): ReactNode {
  const [{ line, generation, twilioToken }, setLine] = useState(() => ({
    line: loadLineSettings(),
    generation: 0,
    twilioToken: undefined as string | undefined,
  }));
  const change: LineChange = (next, token) => {
    saveLineSettings(next);
    setLine((current) => ({ line: next, generation: current.generation + 1, twilioToken: token }));
  };
  return (
    <NoticesProvider>
      {line.kind === 'twilio' && !twilioToken ? (
        // A tab reopened on the Twilio line: its token is fetched again before there is a phone.
        <TwilioTokenRestore line={line} onLineChange={change} />
      ) : (
        /* A saved line is a new phone: the key remounts the provider, which disposes the old one. (A counter,
          not the settings: the key must not carry the password.) */
        <LinePhone key={generation} line={line} twilioToken={twilioToken} onLineChange={change} />
      )}
    </NoticesProvider>
  );
}

function LinePhone({ line, twilioToken, onLineChange }: { line: LineSettings; twilioToken?: string; onLineChange: LineChange }): ReactNode {
  // The line and the media kit are made in the same initializer as the phone: under StrictMode React calls
  // it twice, and a media kit shared by two phones would report to the one that is thrown away.
  const [phone] = useState(() =>
    createPhone({
      line: createLine(line, twilioToken),
      media: browserMedia({ devices: { storage: localStorage, storageKey: 'handset-demo:devices' } }),
    }),
  );
  // Disposed one task after unmount, so StrictMode's unmount-and-remount keeps it (as PhoneProvider does for its own).
  const pendingDispose = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    clearTimeout(pendingDispose.current);
    return () => {
      pendingDispose.current = setTimeout(() => phone.dispose(), 0);
    };
  }, [phone]);
  return (
    <LineSettingsContext.Provider value={line}>
      <PhoneProvider phone={phone}>
        <PhoneWatcher extension={lineIdentity(line)} line={line.kind} />
        {line.kind === 'twilio' && line.twilio && <TwilioTokenRefresh settings={line.twilio} />}
        <Shell line={line} identity={headerIdentity(line, twilioToken)} onLineChange={onLineChange} />
        <IncomingCallDialog />
      </PhoneProvider>
    </LineSettingsContext.Provider>
  );
}

type Screen = 'phone' | 'settings';

/** Who the header says this tab is online as. */
function headerIdentity(line: LineSettings, twilioToken: string | undefined): string {
  if (line.kind === 'sip') return lineIdentity(line).replace(/^sips?:/i, '');
  if (line.kind === 'telnyx') return line.telnyx?.login || 'your Telnyx login token';
  if (line.kind === 'twilio') return tokenIdentity(twilioToken) || 'your Twilio identity';
  if (line.kind === 'voximplant') return line.voximplant?.username ?? '';
  return line.extension;
}

const footers: Record<LineSettings['kind'], string> = {
  sandbox: 'Sandbox line: calls stay in this browser.',
  sip: 'SIP line: calls go through your SIP server.',
  telnyx: 'Telnyx line: calls go through Telnyx.',
  twilio: 'Twilio line: calls go through Twilio.',
  voximplant: 'Voximplant line: calls go through Voximplant.',
};

function Shell({ line, identity, onLineChange }: { line: LineSettings; identity: string; onLineChange: LineChange }): ReactNode {
  const [screen, setScreen] = useState<Screen>('phone');
  const activeCallId = usePhoneSelector((s) => s.activeCallId);
  const liveCalls = usePhoneSelector((s) => s.callIds.length);
  const registration = usePhoneSelector((s) => s.registration.state);

  // A call that starts (dialled or answered) brings the phone screen forward.
  useEffect(() => {
    if (activeCallId) setScreen('phone');
  }, [activeCallId]);

  return (
    <div className="demo-app" data-line={line.kind} data-registration={registration} data-live-calls={liveCalls} data-screen={screen}>
      <header className="demo-header">
        <h1 className="demo-title">
          <span aria-hidden="true">☎ </span>handset demo
        </h1>
        <RegistrationBadge identity={identity} />
        <nav className="demo-nav" aria-label="Screens">
          <button type="button" aria-current={screen === 'phone' ? 'page' : undefined} onClick={() => setScreen('phone')}>
            Phone
          </button>
          <button type="button" aria-current={screen === 'settings' ? 'page' : undefined} onClick={() => setScreen('settings')}>
            Settings
          </button>
        </nav>
      </header>
      <main className="demo-main">
        <PlaybackBlocked />
        <RegistrationProblem line={line} />
        <NoticeList />
        {screen === 'settings' ? (
          <SettingsScreen line={line} onLineChange={onLineChange} />
        ) : activeCallId ? (
          <InCallScreen />
        ) : (
          <DialScreen extension={lineIdentity(line)} />
        )}
      </main>
      <footer className="demo-footer">
        {footers[line.kind]} Built with <code>@handset/react</code>.
      </footer>
    </div>
  );
}

const registrationWords = {
  unregistered: 'Offline',
  registering: 'Connecting…',
  registered: 'Online',
  reconnecting: 'Reconnecting…',
  failed: 'Offline',
} as const;

function RegistrationBadge({ identity }: { identity: string }): ReactNode {
  const { state } = useRegistration();
  return (
    <p className="demo-registration" data-state={state} data-testid="registration">
      <span className="demo-dot" aria-hidden="true" />
      {registrationWords[state]}
      {state === 'registered' && (
        <>
          {' '}
          as <strong data-testid="extension">{identity}</strong>
        </>
      )}
    </p>
  );
}

function RegistrationProblem({ line }: { line: LineSettings }): ReactNode {
  const { state, error, connect } = useRegistration();
  if (state !== 'failed') return null;
  return (
    <div className="demo-banner demo-banner-error" role="alert" data-testid="registration-error">
      <p>{describeError(error, line.kind)}</p>
      <button type="button" className="demo-button" onClick={() => void connect().catch(() => {})}>
        Try again
      </button>
    </div>
  );
}

/** The visible fallback when the browser's autoplay policy keeps the ringtone or the call silent. */
function PlaybackBlocked(): ReactNode {
  const kit = useMediaKit();
  const { ringtoneBlocked, audioBlocked } = usePlaybackBlocked();
  const ringing = usePhoneSelector((s) => s.callIds.some((id) => s.calls[id]?.state === 'incoming'));
  if (!audioBlocked && !(ringtoneBlocked && ringing)) return null;
  return (
    <div className="demo-banner demo-banner-warning" role="alert" data-testid="playback-blocked">
      <p>
        {audioBlocked
          ? 'Your browser is keeping the call silent until you interact with the page.'
          : 'A call is ringing, but your browser blocked the ringtone until you interact with the page.'}
      </p>
      <button type="button" className="demo-button demo-button-accent" onClick={() => void kit.resumeAudio().catch(() => {})}>
        Turn sound on
      </button>
    </div>
  );
}
