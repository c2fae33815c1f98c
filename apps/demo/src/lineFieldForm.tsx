import { type ChangeEvent, type InputHTMLAttributes, type ReactNode, useId, useState } from 'react';
import type { LineChange } from './App';
import type { LineSettings } from './settings';

/** What each kind of line in the line form is given. */
export interface LineKindProps {
  readonly line: LineSettings;
  readonly onLineChange: LineChange;
  /** Focuses the form's input of this name. */
  readonly focus: (name: string) => void;
}

/** One kind of line in the line form: its fields, and what Save does with them. */
export interface LineKindForm {
  readonly fields: ReactNode;
  /** Checks the fields (focusing the first wrong one) and, when they are right, changes the line. */
  submit(): void;
  /** Saving is under way (a token being fetched): Save waits. */
  readonly busy?: boolean;
}

/** The fieldset of one line kind, described by its note. */
export function LineKindFieldset({
  testId,
  legend,
  note,
  children,
}: {
  testId: string;
  legend: string;
  note: string;
  children: ReactNode;
}) {
  const noteId = useId();
  return (
    <fieldset data-testid={testId} aria-describedby={noteId}>
      <legend>{legend}</legend>
      <p id={noteId} className="demo-muted">
        {note}
      </p>
      {children}
    </fieldset>
  );
}

interface FieldFormOptions<F extends string, S extends Record<F, string>> {
  /** The inputs are named `<prefix>-<field>`, their errors' test ids `<prefix>-<field>-error`. */
  prefix: string;
  fields: readonly F[];
  initial: S;
  normalise: (values: S) => S;
  validate: (values: S) => Partial<Record<F, string>>;
  /** Changes the line to these settings, once they are right. */
  save: (values: S) => void;
  focus: (name: string) => void;
}

/** The text fields of one line kind (SIP, Telnyx, Voximplant). */
export interface FieldForm<F extends string> {
  /** The props of the input of `field`. */
  input(field: F, id: string): InputHTMLAttributes<HTMLInputElement> & { id: string; name: string; value: string };
  /** The error under the input of `field`, while there is one. */
  error(field: F, id: string): ReactNode;
  /** Every error in one alert, for screen readers, when Save finds errors. */
  readonly summary: ReactNode;
  /** Normalises and checks the values: shows what is wrong and focuses the first wrong field, or saves them. */
  submit(): void;
}

/** The values of a line kind's text fields, with the error of each, and Save. */
export function useFieldForm<F extends string, S extends Record<F, string>>(options: FieldFormOptions<F, S>): FieldForm<F> {
  const { prefix, fields, normalise, validate, save, focus } = options;
  const [values, setValues] = useState(options.initial);
  const [errors, setErrors] = useState<Partial<Record<F, string>>>({});
  return {
    input: (field, id) => ({
      id,
      name: `${prefix}-${field}`,
      value: values[field],
      'aria-invalid': errors[field] ? true : undefined,
      'aria-describedby': errors[field] ? `${id}-error` : undefined,
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        setValues({ ...values, [field]: event.target.value });
        if (errors[field]) setErrors({ ...errors, [field]: undefined });
      },
    }),
    error: (field, id) =>
      errors[field] && (
        <p id={`${id}-error`} className="demo-field-error" data-testid={`${prefix}-${field}-error`}>
          {errors[field]}
        </p>
      ),
    summary: Object.values(errors).some(Boolean) && (
      <p role="alert" className="demo-visually-hidden">
        {fields
          .map((field) => errors[field])
          .filter(Boolean)
          .join(' ')}
      </p>
    ),
    submit() {
      const next = normalise(values);
      const problems = validate(next);
      setErrors(problems);
      const first = fields.find((field) => problems[field]);
      if (first) {
        focus(`${prefix}-${first}`);
        return;
      }
      setValues(next);
      save(next);
    },
  };
}

/** A labelled input of a field form, with its error under it. */
export function FormField<F extends string>({
  form,
  field,
  label,
  ...input
}: { form: FieldForm<F>; field: F; label: string } & Omit<InputHTMLAttributes<HTMLInputElement>, 'form'>) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input {...form.input(field, id)} {...input} />
      {form.error(field, id)}
    </>
  );
}
