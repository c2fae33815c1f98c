import { FormField, LineKindFieldset, type LineKindForm, type LineKindProps, useFieldForm } from './lineFieldForm';
import { emptyTelnyx, normaliseTelnyxSettings, telnyxFields, validateTelnyxSettings } from './telnyxSettings';

/** Telnyx: a login token, or the SIP user name and password of a credential connection; a server of its own optionally. */
export function useTelnyxLineForm({ line, onLineChange, focus }: LineKindProps): LineKindForm {
  const form = useFieldForm({
    prefix: 'telnyx',
    fields: telnyxFields,
    initial: line.telnyx ?? emptyTelnyx,
    normalise: normaliseTelnyxSettings,
    validate: validateTelnyxSettings,
    save: (telnyx) => onLineChange({ ...line, kind: 'telnyx', telnyx }),
    focus,
  });
  const fields = (
    <LineKindFieldset
      testId="telnyx-settings"
      legend="Telnyx"
      note="Signs in to Telnyx with a login token, or with the SIP user name and password of a credential connection. They stay in this tab only, until you close it."
    >
      <FormField form={form} field="loginToken" label="Login token" type="password" autoComplete="off" spellCheck={false} />
      <FormField form={form} field="login" label="Or SIP user name" autoComplete="username" spellCheck={false} />
      <FormField form={form} field="password" label="SIP password" type="password" autoComplete="off" />
      <FormField
        form={form}
        field="server"
        label="Server (optional, empty for Telnyx’s own)"
        placeholder="wss://rtc.telnyx.com"
        autoComplete="url"
        spellCheck={false}
      />
      {form.summary}
    </LineKindFieldset>
  );
  return { fields, submit: form.submit };
}
