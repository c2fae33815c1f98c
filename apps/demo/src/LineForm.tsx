import { useCalls } from '@handset/react';
import { type FormEvent, type ReactNode, useId, useRef, useState } from 'react';
import type { LineChange } from './App';
import type { LineKindForm, LineKindProps } from './lineFieldForm';
import type { LineKind, LineSettings } from './settings';
import { useSandboxLineForm } from './useSandboxLineForm';
import { useSipLineForm } from './useSipLineForm';
import { useTelnyxLineForm } from './useTelnyxLineForm';
import { useTwilioLineForm } from './useTwilioLineForm';
import { useVoximplantLineForm } from './useVoximplantLineForm';

/** The kinds of line, in the order the form offers them. */
const kindChoices: readonly { readonly kind: LineKind; readonly label: string }[] = [
  { kind: 'sandbox', label: 'Sandbox (in this browser, no account)' },
  { kind: 'sip', label: 'SIP over WebSocket (your SIP server)' },
  { kind: 'telnyx', label: 'Telnyx (your Telnyx account)' },
  { kind: 'twilio', label: 'Twilio (a token from your server)' },
  { kind: 'voximplant', label: 'Voximplant (your Voximplant application user)' },
];

/**
 * The line: the sandbox, SIP over WebSocket, Telnyx, Twilio or Voximplant, each with fields of its own (kept
 * while another kind is chosen). Saving remounts the phone on the chosen line. Passwords and tokens stay in
 * this tab (memory and sessionStorage) and are never shown back, logged or put in localStorage.
 */
export function LineForm({ line, onLineChange }: { line: LineSettings; onLineChange: LineChange }): ReactNode {
  const [kind, setKind] = useState<LineKind>(line.kind);
  const liveCalls = useCalls().length;
  const headingId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const kindProps: LineKindProps = {
    line,
    onLineChange,
    focus: (name) => formRef.current?.querySelector<HTMLInputElement>(`[name="${name}"]`)?.focus(),
  };
  const forms: Record<LineKind, LineKindForm> = {
    sandbox: useSandboxLineForm(kindProps),
    sip: useSipLineForm(kindProps),
    telnyx: useTelnyxLineForm(kindProps),
    twilio: useTwilioLineForm(kindProps),
    voximplant: useVoximplantLineForm(kindProps),
  };
  const busy = Object.values(forms).some((form) => form.busy);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    forms[kind].submit();
  };
  return (
    <section className="demo-card" aria-labelledby={headingId}>
      <h3 id={headingId}>Line</h3>
      <form className="demo-line-form" onSubmit={submit} ref={formRef} noValidate>
        <fieldset className="demo-line-kind">
          <legend>Connect through</legend>
          {kindChoices.map((choice) => (
            <label key={choice.kind}>
              <input
                type="radio"
                name="line-kind"
                value={choice.kind}
                checked={kind === choice.kind}
                onChange={() => setKind(choice.kind)}
              />
              {choice.label}
            </label>
          ))}
        </fieldset>
        {forms[kind].fields}
        <button type="submit" className="demo-button demo-button-accent" disabled={liveCalls > 0 || busy}>
          Save and reconnect
        </button>
        {liveCalls > 0 && <p className="demo-muted">Finish your calls to change the line.</p>}
      </form>
    </section>
  );
}
