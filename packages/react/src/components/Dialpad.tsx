import { type ComponentPropsWithoutRef, forwardRef, type KeyboardEvent, useCallback, useId, useState } from 'react';
import { controlProps } from '../hooks/controlProps';
import type { PhoneHookOptions } from '../hooks/options';
import { useCall } from '../hooks/useCall';
import { usePhone } from '../hooks/usePhone';
import { type LabelsOverride, useLabels } from '../labels/LabelsContext';
import { compose, cx } from '../utils/dom';
import { useControllableState } from '../utils/useControllableState';
import { DialpadKeyGrid } from './DialpadKeyGrid';
import { dialable, lettersToDigits, nameable } from './dialpadKeys';
import { type CountryCode, loadPhoneNumberFormatter, type PhoneNumberFormatter } from './phoneNumberFormat';
import { useDialpadFormatter } from './useDialpadFormatter';
import { useWarmUp } from './useWarmUp';

export { type DialpadKey, dialable, dialpadKeys, lettersToDigits, nameable } from './dialpadKeys';

/** What the field takes: numbers only, or names too. */
export type DialpadEntry = 'digits' | 'names';

export interface DialpadProps extends Omit<ComponentPropsWithoutRef<'div'>, 'defaultValue' | 'onChange'>, PhoneHookOptions {
  /** `dial` (default): enter a number and call it. `dtmf`: each key sends a tone on the call. */
  mode?: 'dial' | 'dtmf';
  /** In `dtmf` mode, the call that receives the tones; the active call when omitted. */
  callId?: string | null;
  /**
   * `digits`: numbers only (digits, `*`, `#`, a leading `+`), formatted, dialled as E.164. `names`: letters
   * too, for lines that call names (the sandbox's `echo`, SIP user names and `sip:` URIs). By default,
   * names where the line says it accepts destinations of its own (`line.acceptsDestination`), else digits.
   */
  entry?: DialpadEntry;
  /** With `entry="digits"`: typed letters become their keypad digits (`FLOWERS` → `3569377`) instead of being dropped. */
  mapLetters?: boolean;
  /** The entry as dialable characters (`+12025550123`, or a name), controlled; formatting is for display only. */
  value?: string;
  defaultValue?: string;
  onValueChange?: (value: string) => void;
  /** Country for numbers typed without `+` (formatting, and the E.164 form that is dialled). */
  defaultCountry?: CountryCode;
  /** Format as you type (default true). The formatter is loaded on the first keystroke. */
  format?: boolean;
  /** Called with the destination (E.164 when it can be worked out) on Call / Enter; `phone.call()` by default. */
  onCall?: (destination: string) => void;
  /**
   * Called for every key entered (pad, keyboard, long-press `+`). In `dtmf` mode the phone's media kit
   * (`browserMedia()`) already plays a local key tone for each tone sent (on the call's `dtmfSent`):
   * do not play another one here.
   */
  onKeyEntered?: (key: string) => void;
  /** How long to hold `0` for `+`, in ms (default 500). */
  longPressMs?: number;
  /** Where the formatter comes from; libphonenumber-js through a dynamic import() by default. */
  loadFormatter?: () => Promise<PhoneNumberFormatter>;
  /**
   * Warm start, opt-in: while focus is in the dial pad (dial mode), the line gets ready for the next call
   * (`line.warmUp()`: on the SIP line the microphone opens and the peer connection gathers ICE), so the call starts
   * at once; released when focus leaves or the dial pad goes. The browser shows the microphone in use meanwhile.
   */
  warmUp?: boolean;
  /** Words for this dialpad (the provider's `labels.dialpad` otherwise). */
  labels?: LabelsOverride['dialpad'];
}

/**
 * A dialpad: 0-9 * # with letters, `+` by holding 0 or typing `+`, typing and Backspace from the
 * keyboard, paste that keeps only what can be dialled, formatting as you type. Names (`echo`, SIP users)
 * where the line accepts them (`entry`). In `dtmf` mode it sends each key with `call.sendDigits()`
 * instead, its keys enabled only while the call can take tones; the local key tones are the media
 * kit's (played as each tone leaves), so the dialpad itself plays nothing.
 *
 * `data-state` is the entry: `empty`, `filled` (the number typed, or the tones sent in dtmf mode) or
 * `error`; `data-mode` is `dial` or `dtmf`; `data-entry` is `digits` or `names`.
 */
export const Dialpad = forwardRef<HTMLDivElement, DialpadProps>(function Dialpad(
  {
    mode = 'dial',
    entry: entryProp,
    mapLetters = false,
    callId,
    value,
    defaultValue = '',
    onValueChange,
    defaultCountry,
    format = true,
    onCall,
    onKeyEntered,
    longPressMs = 500,
    loadFormatter = loadPhoneNumberFormatter,
    warmUp = false,
    labels,
    phone: phoneProp,
    className,
    onKeyDown,
    onFocus,
    onBlur,
    ...props
  },
  ref,
) {
  const phone = usePhone(phoneProp);
  const call = useCall(callId, { phone });
  const words = useLabels('dialpad', labels);
  const entry: DialpadEntry = entryProp ?? (phone.line.acceptsDestination ? 'names' : 'digits');
  const names = entry === 'names';
  const clean = names ? nameable : mapLetters ? lettersToDigits : dialable;
  const [raw, setRaw] = useControllableState(value, defaultValue, onValueChange);
  const [sent, setSent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const errorId = useId();
  const dtmf = mode === 'dtmf';
  const formatter = useDialpadFormatter(!dtmf && format, raw, loadFormatter);
  const warm = useWarmUp(warmUp && !dtmf, phone);

  const edit = useCallback(
    (next: (previous: string) => string) => {
      setError(null);
      setRaw(next);
    },
    [setRaw],
  );

  const onToneSent = (key: string) => {
    setError(null);
    setSent((previous) => previous + key);
  };
  const showError = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

  const press = (key: string) => {
    if (dtmf && !call.can('sendDigits')) return;
    onKeyEntered?.(key);
    if (!dtmf) {
      edit((previous) => (key === '+' ? (previous === '' ? '+' : previous) : clean(previous + key)));
      return;
    }
    try {
      call.sendDigits(key);
      onToneSent(key);
    } catch (e) {
      showError(e);
    }
  };

  const erase = () => edit((previous) => previous.slice(0, -1));

  const dial = async () => {
    if (raw === '') return;
    try {
      let destination = raw;
      if (!raw.startsWith('+') && format && /^\d+$/.test(raw) && !(names && phone.line.acceptsDestination?.(raw))) {
        destination = (await loadFormatter()).toE164(raw, defaultCountry) ?? raw;
      }
      if (onCall) onCall(destination);
      else phone.call(destination);
      edit(() => '');
    } catch (e) {
      showError(e);
    }
  };

  const handleRootKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if ((event.target as HTMLElement).tagName === 'INPUT' || event.ctrlKey || event.metaKey || event.altKey) return;
    const typed = event.key.length === 1 && !dtmf && (names || mapLetters) && /[A-Za-z]/.test(event.key);
    if (/^[0-9*#]$/.test(event.key) || (event.key === '+' && !dtmf) || typed) {
      event.preventDefault();
      press(typed && !names ? lettersToDigits(event.key) : event.key);
    } else if (event.key === 'Backspace' && !dtmf) {
      event.preventDefault();
      erase();
    }
  };

  const handleInputKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const atEnd = input.selectionStart === input.value.length && input.selectionEnd === input.value.length;
    if (event.key === 'Backspace' && atEnd) {
      // Deletes the last digit, not a formatting character the formatter would put back.
      event.preventDefault();
      erase();
    } else if (event.key === 'Enter') {
      event.preventDefault();
      void dial();
    }
  };

  const state = error ? 'error' : (dtmf ? sent : raw) === '' ? 'empty' : 'filled';
  const canEdit = { enabled: raw !== '', reason: null };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring form semantics and default styling; this is a group of keys.
    <div
      role="group"
      aria-label={dtmf ? words.keypad : words.dialpad}
      {...props}
      ref={ref}
      className={cx('hs-dialpad', className)}
      data-mode={mode}
      data-entry={dtmf ? undefined : entry}
      data-state={state}
      onKeyDown={compose(onKeyDown, handleRootKeyDown)}
      onFocus={compose(onFocus, warm.onFocus)}
      onBlur={compose(onBlur, warm.onBlur)}
    >
      {dtmf ? (
        <output className="hs-dialpad-sent" aria-label={words.tonesSent}>
          {sent}
        </output>
      ) : (
        <input
          id={inputId}
          className="hs-dialpad-input"
          type={names ? 'text' : 'tel'}
          inputMode={names ? 'text' : 'tel'}
          autoComplete={names ? 'off' : 'tel'}
          autoCapitalize="off"
          spellCheck={false}
          aria-label={names ? words.inputNames : words.input}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          value={formatter ? formatter.format(raw, defaultCountry) : raw}
          onChange={(event) => edit(() => clean(event.target.value))}
          onKeyDown={handleInputKeyDown}
        />
      )}
      <DialpadKeyGrid
        dtmf={dtmf}
        call={call}
        press={press}
        onKeyEntered={onKeyEntered}
        onToneSent={onToneSent}
        onToneError={showError}
        longPressMs={longPressMs}
      />
      {!dtmf && (
        <div className="hs-dialpad-actions">
          <button type="button" className="hs-dialpad-call" {...controlProps({}, canEdit, words.call, () => void dial())} />
          <button
            type="button"
            className="hs-dialpad-delete"
            aria-label={words.delete}
            {...controlProps({ children: <span aria-hidden="true">⌫</span> }, canEdit, null, erase)}
          />
        </div>
      )}
      {error && (
        <p id={errorId} role="alert" className="hs-dialpad-error">
          {error}
        </p>
      )}
    </div>
  );
});
