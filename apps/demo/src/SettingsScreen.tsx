import { isHandsetError } from '@handset/core';
import type { LevelMeter } from '@handset/core/media';
import { DevicePicker, useCalls, usePhone, VolumeMeter } from '@handset/react';
import { type ChangeEvent, type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import type { LineChange } from './App';
import { useMediaKit } from './media';
import { describeError, describeTokenFailure } from './messages';
import {
  type LineKind,
  type LineSettings,
  normaliseSipSettings,
  type SipErrors,
  type SipField,
  type SipSettings,
  validateSandbox,
  validateSipSettings,
} from './settings';
import {
  emptyTelnyx,
  normaliseTelnyxSettings,
  type TelnyxErrors,
  type TelnyxField,
  type TelnyxSettings,
  telnyxFields,
  validateTelnyxSettings,
} from './telnyxSettings';
import { fetchTwilioToken, normaliseTwilioSettings, validateTwilioSettings } from './twilioSettings';
import {
  emptyVoximplant,
  normaliseVoximplantSettings,
  type VoximplantErrors,
  type VoximplantField,
  type VoximplantSettings,
  validateVoximplantSettings,
  voximplantFields,
} from './voximplantSettings';

export function SettingsScreen({ line, onLineChange }: { line: LineSettings; onLineChange: LineChange }): ReactNode {
  const kit = useMediaKit();
  const headingId = useId();
  return (
    <section className="demo-screen demo-settings" aria-labelledby={headingId} data-testid="settings">
      <h2 id={headingId}>Settings</h2>
      <section className="demo-card" aria-labelledby={`${headingId}-audio`}>
        <h3 id={`${headingId}-audio`}>Audio devices</h3>
        <div className="demo-devices">
          <DevicePicker devices={kit.devices} kind="microphone" />
          <DevicePicker devices={kit.devices} kind="speaker" />
          <DevicePicker devices={kit.devices} kind="ringtone" />
        </div>
        <MicrophoneTest />
        <RingtoneTest />
      </section>
      <LineForm line={line} onLineChange={onLineChange} />
      <NotificationSetting />
    </section>
  );
}

/** Opens the chosen microphone and shows its level, before any call. */
function MicrophoneTest(): ReactNode {
  const kit = useMediaKit();
  const [meter, setMeter] = useState<LevelMeter | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stopRef = useRef<(() => void) | null>(null);
  const stop = () => {
    stopRef.current?.();
    stopRef.current = null;
    setMeter(null);
  };
  useEffect(() => () => stopRef.current?.(), []);
  const start = async () => {
    setError(null);
    setBusy(true);
    try {
      const stream = await kit.devices.openMicrophone();
      await kit.audio.resume().catch(() => {});
      const track = stream.getAudioTracks()[0]!;
      const created = kit.meter(track);
      stopRef.current = () => {
        created.dispose();
        for (const t of stream.getTracks()) t.stop();
      };
      setMeter(created);
      void kit.devices.refresh().catch(() => {});
    } catch (e) {
      setError(isHandsetError(e) ? describeError(e) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="demo-test" data-testid="mic-test" data-state={meter ? 'on' : 'off'}>
      <h4>Microphone test</h4>
      <p className="demo-muted">Speak: the bar should move. Only you can see it; nothing is sent.</p>
      <div className="demo-inline">
        <button type="button" className="demo-button" data-state={meter ? 'on' : 'off'} disabled={busy} onClick={meter ? stop : start}>
          {meter ? 'Stop microphone test' : 'Test microphone'}
        </button>
        <VolumeMeter source={meter} label="Microphone test level" className="demo-test-meter" />
      </div>
      {error && (
        <p role="alert" className="demo-field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Plays the ringtone on the ringtone device for a few seconds. */
function RingtoneTest(): ReactNode {
  const kit = useMediaKit();
  const phone = usePhone();
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => setPlaying(false), 6000);
    return () => {
      clearTimeout(timer);
      // A real incoming call keeps ringing.
      if (!phone.calls.some((call) => call.state === 'incoming')) kit.sounds.ringtone.stop('ringtone');
    };
  }, [playing, kit, phone]);
  return (
    <div className="demo-test">
      <h4>Ringtone test</h4>
      <button
        type="button"
        className="demo-button"
        data-state={playing ? 'on' : 'off'}
        onClick={() => {
          if (!playing) {
            void kit.audio.resume().catch(() => {});
            kit.sounds.ringtone.play('ringtone');
          }
          setPlaying(!playing);
        }}
      >
        {playing ? 'Stop ringtone' : 'Play ringtone'}
      </button>
    </div>
  );
}

/**
 * The line: the sandbox (extension and name), or SIP over WebSocket (server, SIP address, password, display
 * name). Saving remounts the phone on the chosen line. The password stays in this tab (memory and
 * sessionStorage) and is never shown back, logged or put in localStorage.
 */
function LineForm({ line, onLineChange }: { line: LineSettings; onLineChange: LineChange }): ReactNode {
  const [kind, setKind] = useState<LineKind>(line.kind);
  const [extension, setExtension] = useState(line.extension);
  const [displayName, setDisplayName] = useState(line.displayName);
  const [sipForm, setSipForm] = useState<SipSettings>(line.sip ?? { server: '', uri: '', password: '', displayName: '' });
  const [error, setError] = useState<string | null>(null);
  const [sipErrors, setSipErrors] = useState<SipErrors>({});
  const [telnyxForm, setTelnyxForm] = useState<TelnyxSettings>(line.telnyx ?? emptyTelnyx);
  const [telnyxErrors, setTelnyxErrors] = useState<TelnyxErrors>({});
  const [tokenUrl, setTokenUrl] = useState(line.twilio?.tokenUrl ?? '');
  const [twilioError, setTwilioError] = useState<string | null>(null);
  const [fetchingToken, setFetchingToken] = useState(false);
  const [voxForm, setVoxForm] = useState<VoximplantSettings>(line.voximplant ?? emptyVoximplant);
  const [voxErrors, setVoxErrors] = useState<VoximplantErrors>({});
  const liveCalls = useCalls().length;
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const ids = {
    extension: useId(),
    name: useId(),
    error: useId(),
    server: useId(),
    uri: useId(),
    password: useId(),
    sipName: useId(),
    sipNote: useId(),
    telnyxServer: useId(),
    telnyxToken: useId(),
    telnyxLogin: useId(),
    telnyxPassword: useId(),
    telnyxNote: useId(),
    tokenUrl: useId(),
    twilioNote: useId(),
    voxNote: useId(),
    voxUsername: useId(),
    voxPassword: useId(),
    voxToken: useId(),
    voxServer: useId(),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (kind === 'sandbox') {
      const next = extension.trim();
      const problem = validateSandbox(next, displayName);
      setError(problem);
      if (problem) return;
      onLineChange({ ...line, kind: 'sandbox', extension: next, displayName: displayName.trim() });
      return;
    }
    if (kind === 'telnyx') {
      const next = normaliseTelnyxSettings(telnyxForm);
      const problems = validateTelnyxSettings(next);
      setTelnyxErrors(problems);
      const first = telnyxFields.find((field) => problems[field]);
      if (first) {
        formRef.current?.querySelector<HTMLInputElement>(`[name="telnyx-${first}"]`)?.focus();
        return;
      }
      setTelnyxForm(next);
      onLineChange({ ...line, kind: 'telnyx', telnyx: next });
      return;
    }
    if (kind === 'voximplant') {
      const next = normaliseVoximplantSettings(voxForm);
      const problems = validateVoximplantSettings(next);
      setVoxErrors(problems);
      const first = voximplantFields.find((field) => problems[field]);
      if (first) {
        formRef.current?.querySelector<HTMLInputElement>(`[name="voximplant-${first}"]`)?.focus();
        return;
      }
      setVoxForm(next);
      onLineChange({ ...line, kind: 'voximplant', voximplant: next });
      return;
    }
    if (kind === 'twilio') {
      const next = normaliseTwilioSettings({ tokenUrl });
      const problem = validateTwilioSettings(next);
      setTwilioError(problem);
      if (problem) {
        formRef.current?.querySelector<HTMLInputElement>('[name="twilio-tokenUrl"]')?.focus();
        return;
      }
      // The token is fetched (and checked) before the line changes: a failure leaves the phone as it was.
      setFetchingToken(true);
      fetchTwilioToken(next)
        .then((token) => onLineChange({ ...line, kind: 'twilio', twilio: next }, token))
        .catch((error: unknown) => {
          setTwilioError(describeTokenFailure(error));
          formRef.current?.querySelector<HTMLInputElement>('[name="twilio-tokenUrl"]')?.focus();
        })
        .finally(() => setFetchingToken(false));
      return;
    }
    const next = normaliseSipSettings(sipForm);
    const problems = validateSipSettings(next);
    setSipErrors(problems);
    const first = sipFields.find((field) => problems[field]);
    if (first) {
      formRef.current?.querySelector<HTMLInputElement>(`[name="sip-${first}"]`)?.focus();
      return;
    }
    setSipForm(next);
    onLineChange({ ...line, kind: 'sip', sip: next });
  };
  const sipInput = (field: SipField, id: string) => ({
    id,
    name: `sip-${field}`,
    value: sipForm[field],
    'aria-invalid': sipErrors[field] ? true : undefined,
    'aria-describedby': sipErrors[field] ? `${id}-error` : undefined,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      setSipForm({ ...sipForm, [field]: event.target.value });
      if (sipErrors[field]) setSipErrors({ ...sipErrors, [field]: undefined });
    },
  });
  const telnyxInput = (field: TelnyxField, id: string) => ({
    id,
    name: `telnyx-${field}`,
    value: telnyxForm[field],
    'aria-invalid': telnyxErrors[field] ? true : undefined,
    'aria-describedby': telnyxErrors[field] ? `${id}-error` : undefined,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      setTelnyxForm({ ...telnyxForm, [field]: event.target.value });
      if (telnyxErrors[field]) setTelnyxErrors({ ...telnyxErrors, [field]: undefined });
    },
  });
  const voxInput = (field: VoximplantField, id: string) => ({
    id,
    name: `voximplant-${field}`,
    value: voxForm[field],
    'aria-invalid': voxErrors[field] ? true : undefined,
    'aria-describedby': voxErrors[field] ? `${id}-error` : undefined,
    onChange: (event: ChangeEvent<HTMLInputElement>) => {
      setVoxForm({ ...voxForm, [field]: event.target.value });
      if (voxErrors[field]) setVoxErrors({ ...voxErrors, [field]: undefined });
    },
  });
  const voxError = (field: VoximplantField, id: string) =>
    voxErrors[field] && (
      <p id={`${id}-error`} className="demo-field-error" data-testid={`voximplant-${field}-error`}>
        {voxErrors[field]}
      </p>
    );
  const telnyxError = (field: TelnyxField, id: string) =>
    telnyxErrors[field] && (
      <p id={`${id}-error`} className="demo-field-error" data-testid={`telnyx-${field}-error`}>
        {telnyxErrors[field]}
      </p>
    );
  const fieldError = (field: SipField, id: string) =>
    sipErrors[field] && (
      <p id={`${id}-error`} className="demo-field-error" data-testid={`sip-${field}-error`}>
        {sipErrors[field]}
      </p>
    );
  return (
    <section className="demo-card" aria-labelledby={headingId}>
      <h3 id={headingId}>Line</h3>
      <form className="demo-line-form" onSubmit={submit} ref={formRef} noValidate>
        <fieldset className="demo-line-kind">
          <legend>Connect through</legend>
          <label>
            <input type="radio" name="line-kind" value="sandbox" checked={kind === 'sandbox'} onChange={() => setKind('sandbox')} />
            Sandbox (in this browser, no account)
          </label>
          <label>
            <input type="radio" name="line-kind" value="sip" checked={kind === 'sip'} onChange={() => setKind('sip')} />
            SIP over WebSocket (your SIP server)
          </label>
          <label>
            <input type="radio" name="line-kind" value="telnyx" checked={kind === 'telnyx'} onChange={() => setKind('telnyx')} />
            Telnyx (your Telnyx account)
          </label>
          <label>
            <input type="radio" name="line-kind" value="twilio" checked={kind === 'twilio'} onChange={() => setKind('twilio')} />
            Twilio (a token from your server)
          </label>
          <label>
            <input
              type="radio"
              name="line-kind"
              value="voximplant"
              checked={kind === 'voximplant'}
              onChange={() => setKind('voximplant')}
            />
            Voximplant (your Voximplant application user)
          </label>
        </fieldset>
        {kind === 'telnyx' ? (
          <fieldset data-testid="telnyx-settings" aria-describedby={ids.telnyxNote}>
            <legend>Telnyx</legend>
            <p id={ids.telnyxNote} className="demo-muted">
              Signs in to Telnyx with a login token, or with the SIP user name and password of a credential connection. They stay in this
              tab only, until you close it.
            </p>
            <label htmlFor={ids.telnyxToken}>Login token</label>
            <input {...telnyxInput('loginToken', ids.telnyxToken)} type="password" autoComplete="off" spellCheck={false} />
            {telnyxError('loginToken', ids.telnyxToken)}
            <label htmlFor={ids.telnyxLogin}>Or SIP user name</label>
            <input {...telnyxInput('login', ids.telnyxLogin)} autoComplete="username" spellCheck={false} />
            {telnyxError('login', ids.telnyxLogin)}
            <label htmlFor={ids.telnyxPassword}>SIP password</label>
            <input {...telnyxInput('password', ids.telnyxPassword)} type="password" autoComplete="off" />
            {telnyxError('password', ids.telnyxPassword)}
            <label htmlFor={ids.telnyxServer}>Server (optional, empty for Telnyx’s own)</label>
            <input {...telnyxInput('server', ids.telnyxServer)} placeholder="wss://rtc.telnyx.com" autoComplete="url" spellCheck={false} />
            {telnyxError('server', ids.telnyxServer)}
            {Object.values(telnyxErrors).some(Boolean) && (
              <p role="alert" className="demo-visually-hidden">
                {telnyxFields
                  .map((field) => telnyxErrors[field])
                  .filter(Boolean)
                  .join(' ')}
              </p>
            )}
          </fieldset>
        ) : kind === 'voximplant' ? (
          <fieldset data-testid="voximplant-settings" aria-describedby={ids.voxNote}>
            <legend>Voximplant</legend>
            <p id={ids.voxNote} className="demo-muted">
              Signs in as a user of your Voximplant application, with its password or an access token from your server. They stay in this
              tab only, until you close it.
            </p>
            <label htmlFor={ids.voxUsername}>User name</label>
            <input
              {...voxInput('username', ids.voxUsername)}
              placeholder="alice@myapp.myaccount.voximplant.com"
              autoComplete="username"
              spellCheck={false}
            />
            {voxError('username', ids.voxUsername)}
            <label htmlFor={ids.voxPassword}>Password</label>
            <input {...voxInput('password', ids.voxPassword)} type="password" autoComplete="off" />
            {voxError('password', ids.voxPassword)}
            <label htmlFor={ids.voxToken}>Or access token</label>
            <input {...voxInput('token', ids.voxToken)} type="password" autoComplete="off" spellCheck={false} />
            {voxError('token', ids.voxToken)}
            <label htmlFor={ids.voxServer}>Server (optional, empty for Voximplant’s own)</label>
            <input {...voxInput('server', ids.voxServer)} autoComplete="off" spellCheck={false} />
            {voxError('server', ids.voxServer)}
            {Object.values(voxErrors).some(Boolean) && (
              <p role="alert" className="demo-visually-hidden">
                {voximplantFields
                  .map((field) => voxErrors[field])
                  .filter(Boolean)
                  .join(' ')}
              </p>
            )}
          </fieldset>
        ) : kind === 'twilio' ? (
          <fieldset data-testid="twilio-settings" aria-describedby={ids.twilioNote}>
            <legend>Twilio</legend>
            <p id={ids.twilioNote} className="demo-muted">
              Your server mints Twilio access tokens (as in Twilio’s quickstarts); the demo fetches one from this address and keeps it in
              memory only.
            </p>
            <label htmlFor={ids.tokenUrl}>Token URL</label>
            <input
              id={ids.tokenUrl}
              name="twilio-tokenUrl"
              value={tokenUrl}
              placeholder="https://example.com/token"
              autoComplete="url"
              spellCheck={false}
              aria-invalid={twilioError ? true : undefined}
              aria-describedby={twilioError ? `${ids.tokenUrl}-error` : undefined}
              onChange={(event) => {
                setTokenUrl(event.target.value);
                setTwilioError(null);
              }}
            />
            {twilioError && (
              <p id={`${ids.tokenUrl}-error`} role="alert" className="demo-field-error" data-testid="twilio-tokenUrl-error">
                {twilioError}
              </p>
            )}
            {fetchingToken && (
              <p className="demo-muted" role="status">
                Fetching a token…
              </p>
            )}
          </fieldset>
        ) : kind === 'sandbox' ? (
          <fieldset data-testid="sandbox-settings">
            <legend>Sandbox</legend>
            <p className="demo-muted">
              Other tabs of this demo call you by your extension. Open a second tab, give it another extension, and call between them.
            </p>
            <label htmlFor={ids.extension}>Extension</label>
            <input
              id={ids.extension}
              value={extension}
              autoComplete="off"
              spellCheck={false}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? ids.error : undefined}
              onChange={(event) => setExtension(event.target.value)}
            />
            <label htmlFor={ids.name}>Display name (optional)</label>
            <input id={ids.name} value={displayName} autoComplete="name" onChange={(event) => setDisplayName(event.target.value)} />
            {error && (
              <p id={ids.error} role="alert" className="demo-field-error">
                {error}
              </p>
            )}
          </fieldset>
        ) : (
          <fieldset data-testid="sip-settings" aria-describedby={ids.sipNote}>
            <legend>SIP over WebSocket</legend>
            <p id={ids.sipNote} className="demo-muted">
              Registers with your SIP server (Asterisk, FreeSWITCH, Kamailio, a carrier) over WebSocket. The password stays in this tab
              only, until you close it.
            </p>
            <label htmlFor={ids.server}>Server (WebSocket URI)</label>
            <input {...sipInput('server', ids.server)} placeholder="wss://sip.example.com:8443/ws" autoComplete="url" spellCheck={false} />
            {fieldError('server', ids.server)}
            <label htmlFor={ids.uri}>SIP URI</label>
            <input {...sipInput('uri', ids.uri)} placeholder="sip:alice@example.com" autoComplete="username" spellCheck={false} />
            {fieldError('uri', ids.uri)}
            <label htmlFor={ids.password}>Password</label>
            <input {...sipInput('password', ids.password)} type="password" autoComplete="off" />
            {fieldError('password', ids.password)}
            <label htmlFor={ids.sipName}>Display name (optional)</label>
            <input {...sipInput('displayName', ids.sipName)} autoComplete="name" />
            {fieldError('displayName', ids.sipName)}
            {Object.values(sipErrors).some(Boolean) && (
              <p role="alert" className="demo-visually-hidden">
                {sipFields
                  .map((field) => sipErrors[field])
                  .filter(Boolean)
                  .join(' ')}
              </p>
            )}
          </fieldset>
        )}
        <button type="submit" className="demo-button demo-button-accent" disabled={liveCalls > 0 || fetchingToken}>
          Save and reconnect
        </button>
        {liveCalls > 0 && <p className="demo-muted">Finish your calls to change the line.</p>}
      </form>
    </section>
  );
}

const sipFields: readonly SipField[] = ['server', 'uri', 'password', 'displayName'];

/** Incoming-call notifications while the tab is hidden need the browser's permission. */
function NotificationSetting(): ReactNode {
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
