import { useId, useState } from 'react';
import type { LineKindForm, LineKindProps } from './lineFieldForm';
import { validateSandbox } from './settings';

/** The sandbox: an extension (which other tabs of the demo call) and a display name. */
export function useSandboxLineForm({ line, onLineChange }: LineKindProps): LineKindForm {
  const [extension, setExtension] = useState(line.extension);
  const [displayName, setDisplayName] = useState(line.displayName);
  const [error, setError] = useState<string | null>(null);
  const ids = { extension: useId(), name: useId(), error: useId() };
  const submit = () => {
    const next = extension.trim();
    const problem = validateSandbox(next, displayName);
    setError(problem);
    if (problem) return;
    onLineChange({ ...line, kind: 'sandbox', extension: next, displayName: displayName.trim() });
  };
  const fields = (
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
  );
  return { fields, submit };
}
