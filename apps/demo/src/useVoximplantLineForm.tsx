import { FormField, LineKindFieldset, type LineKindForm, type LineKindProps, useFieldForm } from './lineFieldForm';
import { emptyVoximplant, normaliseVoximplantSettings, validateVoximplantSettings, voximplantFields } from './voximplantSettings';

/** Voximplant: a user of your Voximplant application, with its password or an access token; a server of its own optionally. */
export function useVoximplantLineForm({ line, onLineChange, focus }: LineKindProps): LineKindForm {
  const form = useFieldForm({
    prefix: 'voximplant',
    fields: voximplantFields,
    initial: line.voximplant ?? emptyVoximplant,
    normalise: normaliseVoximplantSettings,
    validate: validateVoximplantSettings,
    save: (voximplant) => onLineChange({ ...line, kind: 'voximplant', voximplant }),
    focus,
  });
  const fields = (
    <LineKindFieldset
      testId="voximplant-settings"
      legend="Voximplant"
      note="Signs in as a user of your Voximplant application, with its password or an access token from your server. They stay in this tab only, until you close it."
    >
      <FormField
        form={form}
        field="username"
        label="User name"
        placeholder="alice@myapp.myaccount.voximplant.com"
        autoComplete="username"
        spellCheck={false}
      />
      <FormField form={form} field="password" label="Password" type="password" autoComplete="off" />
      <FormField form={form} field="token" label="Or access token" type="password" autoComplete="off" spellCheck={false} />
      <FormField form={form} field="server" label="Server (optional, empty for Voximplant’s own)" autoComplete="off" spellCheck={false} />
      {form.summary}
    </LineKindFieldset>
  );
  return { fields, submit: form.submit };
}
