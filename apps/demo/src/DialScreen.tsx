import { CallStatus, Dialpad, formatDuration, useCalls } from '@handset/react';
import { builtInNumbers } from '@handset/sandbox';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useLineSettings } from './line';
import { clearRecents, type RecentCall, useRecents } from './recents';
import type { LineKind } from './settings';
import { useDial } from './useDial';

/** What each built-in sandbox number does, for a first try. */
const sandboxNumbers: ReadonlyArray<readonly [number: string, what: string]> = [
  ['echo', 'Answers and plays your voice back a second later.'],
  ['ivr', 'A menu: press keys and hear each digit back.'],
  ['busy', 'Answers busy (486).'],
  ['decline', 'Rings, then declines (603).'],
  ['noanswer', 'Rings until you give up.'],
  ['early', 'Ringback first (early media), then echoes you.'],
  ['drop', 'Answers, loses the network for a moment, reconnects.'],
];

const endWords: Readonly<Record<RecentCall['endReason'], string>> = {
  hangup: 'ended',
  cancelled: 'cancelled',
  rejected: 'declined',
  ignored: 'ignored',
  busy: 'busy',
  'no-answer': 'no answer',
  timeout: 'no response',
  'time-limit': 'time limit',
  failed: 'failed',
  network: 'connection lost',
};

/** The idle screen: a dialpad, a field for names (sandbox numbers, other tabs), the sandbox's numbers and the call history. */
export function DialScreen({ extension }: { extension: string }): ReactNode {
  const dial = useDial();
  const { kind } = useLineSettings();
  const ended = useCalls('ended');
  const lastCall = ended.at(-1);
  const headingId = useId();
  return (
    <section className="demo-screen demo-dial" aria-labelledby={headingId} data-testid="dial">
      <h2 id={headingId} className="demo-visually-hidden">
        Make a call
      </h2>
      {lastCall && (
        <p className="demo-last-call" data-testid="last-call">
          Last call, with {lastCall.remote.name || lastCall.remote.number}: <CallStatus callId={lastCall.id} />
        </p>
      )}
      <div className="demo-dial-columns">
        <div className="demo-dial-pad">
          <Dialpad
            entry="digits" // numbers here; names have the form below
            warmUp // lines with a warm start (SIP) get the microphone and ICE ready while the user types
            defaultCountry="US"
            onCall={(destination) => {
              const error = dial(destination);
              if (error) throw new Error(error);
            }}
          />
          <NameForm />
        </div>
        <div className="demo-dial-lists">
          {kind === 'sandbox' && <SandboxNumbers />}
          <RecentCalls extension={extension} />
        </div>
      </div>
    </section>
  );
}

/**
 * Names cannot be typed on a dialpad: sandbox numbers (`echo`) and other tabs' extensions are dialled here,
 * or on the SIP line SIP addresses and user names at the account's domain.
 */
const nameLabels: Record<LineKind, string> = {
  sandbox: 'Call a name (a sandbox number or another tab’s extension)',
  sip: 'Call a name or SIP address (bob, sip:bob@example.com)',
  telnyx: 'Call a SIP user or address (bob, sip:bob@sip.telnyx.com)',
  twilio: 'Call a Twilio client or SIP address (client:bob, sip:bob@example.com)',
  voximplant: 'Call a Voximplant user or number (bob, +14155550123)',
};

const namePlaceholders: Record<LineKind, string> = {
  sandbox: 'echo, alice, sip:…',
  sip: 'bob, sip:bob@example.com',
  telnyx: 'bob, sip:bob@sip.telnyx.com',
  twilio: 'client:bob',
  voximplant: 'bob',
};

function NameForm(): ReactNode {
  const dial = useDial();
  const { kind } = useLineSettings();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const destination = value.trim();
    if (!destination) return;
    const failure = dial(destination);
    setError(failure);
    if (!failure) setValue('');
  };
  return (
    <form className="demo-name-form" onSubmit={submit}>
      <label htmlFor={inputId}>{nameLabels[kind]}</label>
      <div className="demo-inline">
        <input
          id={inputId}
          name="destination"
          autoComplete="off"
          spellCheck={false}
          placeholder={namePlaceholders[kind]}
          value={value}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setValue(event.target.value);
            setError(null);
          }}
        />
        <button type="submit" className="demo-button demo-button-accent" disabled={!value.trim()}>
          Call
        </button>
      </div>
      {error && (
        <p id={errorId} role="alert" className="demo-field-error">
          {error}
        </p>
      )}
    </form>
  );
}

function SandboxNumbers(): ReactNode {
  const dial = useDial({ notify: true });
  const headingId = useId();
  return (
    <section className="demo-card" aria-labelledby={headingId}>
      <h3 id={headingId}>Try the sandbox</h3>
      <ul className="demo-numbers">
        {sandboxNumbers
          .filter(([number]) => number in builtInNumbers)
          .map(([number, what]) => (
            <li key={number}>
              <button type="button" className="demo-number" data-number={number} onClick={() => dial(number)}>
                <span className="demo-number-name">Call {number}</span>
                <span className="demo-number-what">{what}</span>
              </button>
            </li>
          ))}
      </ul>
    </section>
  );
}

function RecentCalls({ extension }: { extension: string }): ReactNode {
  const recents = useRecents(extension);
  const dial = useDial({ notify: true });
  const headingId = useId();
  return (
    <section className="demo-card demo-recents" aria-labelledby={headingId} data-testid="recents">
      <div className="demo-card-header">
        <h3 id={headingId}>Recent calls</h3>
        {recents.length > 0 && (
          <button type="button" className="demo-link-button" onClick={() => clearRecents(extension)}>
            Clear
          </button>
        )}
      </div>
      {recents.length === 0 ? (
        <p className="demo-muted">No calls yet. Your last 50 calls are kept in this browser.</p>
      ) : (
        <ol className="demo-recent-list">
          {recents.map((entry) => (
            <li key={entry.id}>
              <RecentEntry entry={entry} onCall={() => dial(entry.number)} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function RecentEntry({ entry, onCall }: { entry: RecentCall; onCall: () => void }): ReactNode {
  const when = new Date(entry.time);
  const answered = entry.duration > 0 || entry.endReason === 'hangup';
  return (
    <button
      type="button"
      className="demo-recent"
      data-direction={entry.direction}
      data-end-reason={entry.endReason}
      data-duration={entry.duration}
      title={`Call ${entry.name ?? entry.number} back`}
      onClick={onCall}
    >
      <span className="demo-recent-icon" aria-hidden="true">
        {entry.direction === 'incoming' ? '↙' : '↗'}
      </span>
      <span className="demo-recent-who">
        {entry.name ?? entry.number}
        {entry.name && <span className="demo-recent-number"> {entry.number}</span>}
      </span>
      <span className="demo-recent-details">
        {entry.direction === 'incoming' ? 'Incoming' : 'Outgoing'}, <time dateTime={when.toISOString()}>{when.toLocaleString()}</time>
        {', '}
        {answered ? <span className="demo-recent-duration">{formatDuration(entry.duration)}</span> : null}
        {answered ? ', ' : ''}
        {endWords[entry.endReason]}
      </span>
    </button>
  );
}
