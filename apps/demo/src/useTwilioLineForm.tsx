import { useId, useState } from 'react';
import { LineKindFieldset, type LineKindForm, type LineKindProps } from './lineFieldForm';
import { describeTokenFailure } from './messages';
import { fetchTwilioToken, normaliseTwilioSettings, validateTwilioSettings } from './twilioSettings';

/** Twilio: the address of your server's token endpoint; Save fetches a token from it before the line changes. */
export function useTwilioLineForm({ line, onLineChange, focus }: LineKindProps): LineKindForm {
  const [tokenUrl, setTokenUrl] = useState(line.twilio?.tokenUrl ?? '');
  const [error, setError] = useState<string | null>(null);
  const [fetching, setFetching] = useState(false);
  const inputId = useId();
  const submit = () => {
    const next = normaliseTwilioSettings({ tokenUrl });
    const problem = validateTwilioSettings(next);
    setError(problem);
    if (problem) {
      focus('twilio-tokenUrl');
      return;
    }
    // The token is fetched (and checked) before the line changes: a failure leaves the phone as it was.
    setFetching(true);
    fetchTwilioToken(next)
      .then((token) => onLineChange({ ...line, kind: 'twilio', twilio: next }, token))
      .catch((failure: unknown) => {
        setError(describeTokenFailure(failure));
        focus('twilio-tokenUrl');
      })
      .finally(() => setFetching(false));
  };
  const fields = (
    <LineKindFieldset
      testId="twilio-settings"
      legend="Twilio"
      note="Your server mints Twilio access tokens (as in Twilio’s quickstarts); the demo fetches one from this address and keeps it in memory only."
    >
      <label htmlFor={inputId}>Token URL</label>
      <input
        id={inputId}
        name="twilio-tokenUrl"
        value={tokenUrl}
        placeholder="https://example.com/token"
        autoComplete="url"
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${inputId}-error` : undefined}
        onChange={(event) => {
          setTokenUrl(event.target.value);
          setError(null);
        }}
      />
      {error && (
        <p id={`${inputId}-error`} role="alert" className="demo-field-error" data-testid="twilio-tokenUrl-error">
          {error}
        </p>
      )}
      {fetching && (
        <p className="demo-muted" role="status">
          Fetching a token…
        </p>
      )}
    </LineKindFieldset>
  );
  return { fields, submit, busy: fetching };
}
