import { FormField, LineKindFieldset, type LineKindForm, type LineKindProps, useFieldForm } from './lineFieldForm';
import { emptySip, normaliseSipSettings, sipFields, validateSipSettings } from './settings';

/** SIP over WebSocket: server, SIP address, password and display name. */
export function useSipLineForm({ line, onLineChange, focus }: LineKindProps): LineKindForm {
  const form = useFieldForm({
    prefix: 'sip',
    fields: sipFields,
    initial: line.sip ?? emptySip,
    normalise: normaliseSipSettings,
    validate: validateSipSettings,
    save: (sip) => onLineChange({ ...line, kind: 'sip', sip }),
    focus,
  });
  const fields = (
    <LineKindFieldset
      testId="sip-settings"
      legend="SIP over WebSocket"
      note="Registers with your SIP server (Asterisk, FreeSWITCH, Kamailio, a carrier) over WebSocket. The password stays in this tab only, until you close it."
    >
      <FormField
        form={form}
        field="server"
        label="Server (WebSocket URI)"
        placeholder="wss://sip.example.com:8443/ws"
        autoComplete="url"
        spellCheck={false}
      />
      <FormField form={form} field="uri" label="SIP URI" placeholder="sip:alice@example.com" autoComplete="username" spellCheck={false} />
      <FormField form={form} field="password" label="Password" type="password" autoComplete="off" />
      <FormField form={form} field="displayName" label="Display name (optional)" autoComplete="name" />
      {form.summary}
    </LineKindFieldset>
  );
  return { fields, submit: form.submit };
}
