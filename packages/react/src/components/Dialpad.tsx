import {
  type ComponentPropsWithoutRef,
  forwardRef,
  type KeyboardEvent,
  type PointerEvent,
  useCallback,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { controlProps } from '../hooks/controlProps';
import type { PhoneHookOptions } from '../hooks/options';
import { useCall } from '../hooks/useCall';
import { dtmfKeyProps } from '../hooks/useDtmfKey';
import { usePhone } from '../hooks/usePhone';
import { type LabelsOverride, useLabels } from '../labels/LabelsContext';
import { compose, cx } from '../utils/dom';
import { useControllableState } from '../utils/useControllableState';
import { type CountryCode, loadPhoneNumberFormatter, type PhoneNumberFormatter } from './phoneNumberFormat';

export const dialpadKeys = [
  { key: '1', letters: '' },
  { key: '2', letters: 'ABC' },
  { key: '3', letters: 'DEF' },
  { key: '4', letters: 'GHI' },
  { key: '5', letters: 'JKL' },
  { key: '6', letters: 'MNO' },
  { key: '7', letters: 'PQRS' },
  { key: '8', letters: 'TUV' },
  { key: '9', letters: 'WXYZ' },
  { key: '*', letters: '' },
  { key: '0', letters: '+' },
  { key: '#', letters: '' },
] as const;

export type DialpadKey = (typeof dialpadKeys)[number]['key'];

/** Keeps what can be dialled: digits, `*`, `#`, and `+` only as the first character. */
export function dialable(text: string): string {
  const kept = text.replace(/[^\d*#+]/g, '');
  return kept.startsWith('+') ? `+${kept.slice(1).replace(/\+/g, '')}` : kept.replace(/\+/g, '');
}

/** Letters as the keypad has them (2 ABC … 9 WXYZ): `1-800-FLOWERS` → `18003569377`, then `dialable`. */
export function lettersToDigits(text: string): string {
  return dialable(
    text.replace(/[a-z]/gi, (letter) => dialpadKeys.find((k) => k.key !== '0' && k.letters.includes(letter.toUpperCase()))?.key ?? ''),
  );
}

/** Keeps what a name or SIP URI can hold (`echo`, `alice`, `sip:alice@example.com`): no spaces or quotes. */
export function nameable(text: string): string {
  return text.replace(/[^A-Za-z0-9@.:;=_~!$&'()*+,/?#%-]/g, '');
}

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
    labels,
    phone: phoneProp,
    className,
    onKeyDown,
    ...props
  },
  ref,
) {
  const phone = usePhone(phoneProp);
  const call = useCall(callId, { phone });
  const words = useLabels('dialpad', labels);
  const reasons = useLabels('disabledReasons');
  const entry: DialpadEntry = entryProp ?? (phone.line.acceptsDestination ? 'names' : 'digits');
  const names = entry === 'names';
  const clean = names ? nameable : mapLetters ? lettersToDigits : dialable;
  const [raw, setRaw] = useControllableState(value, defaultValue, onValueChange);
  const [sent, setSent] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [formatter, setFormatter] = useState<PhoneNumberFormatter | null>(null);
  const loadStarted = useRef(false);
  const inputId = useId();
  const errorId = useId();
  const dtmf = mode === 'dtmf';

  useEffect(
    function loadFormatterOnFirstKeystroke() {
      if (dtmf || !format || raw === '' || loadStarted.current) return;
      loadStarted.current = true;
      loadFormatter().then(
        (loaded) => setFormatter(() => loaded),
        () => {
          loadStarted.current = false; // shown unformatted; a later keystroke tries again
        },
      );
    },
    [dtmf, format, raw, loadFormatter],
  );

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
  const onToneError = (e: unknown) => setError(e instanceof Error ? e.message : String(e));

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
      onToneError(e);
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
      setError(e instanceof Error ? e.message : String(e));
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

  const longPress = useRef<{ timer: ReturnType<typeof setTimeout> | undefined; fired: boolean }>({ timer: undefined, fired: false });
  const startLongPress = (event: PointerEvent<HTMLButtonElement>) => {
    if (dtmf || event.button !== 0) return;
    longPress.current.fired = false;
    clearTimeout(longPress.current.timer);
    longPress.current.timer = setTimeout(() => {
      longPress.current.fired = true;
      press('+');
    }, longPressMs);
  };
  const endLongPress = () => clearTimeout(longPress.current.timer);
  useEffect(() => () => clearTimeout(longPress.current.timer), []);

  const display = !dtmf && formatter ? formatter.format(raw, defaultCountry) : raw;
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
          value={display}
          onChange={(event) => edit(() => clean(event.target.value))}
          onKeyDown={handleInputKeyDown}
        />
      )}
      <div className="hs-dialpad-keys">
        {dialpadKeys.map(({ key, letters }) => {
          const plus = key === '0' && !dtmf;
          const face = (
            <>
              <span className="hs-dialpad-digit">{key}</span>
              {letters && !(dtmf && key === '0') && (
                <span className="hs-dialpad-letters" aria-hidden="true">
                  {letters}
                </span>
              )}
            </>
          );
          if (dtmf) {
            const { buttonProps } = dtmfKeyProps(
              { digit: key, children: face, onClick: () => onKeyEntered?.(key), onSent: onToneSent, onToneError },
              call,
              reasons,
            );
            return <button key={key} type="button" className="hs-dialpad-key" aria-keyshortcuts={key} {...buttonProps} />;
          }
          return (
            <button
              key={key}
              type="button"
              className="hs-dialpad-key"
              data-key={key}
              aria-keyshortcuts={plus ? '0 +' : key}
              onClick={() => {
                if (plus && longPress.current.fired) {
                  longPress.current.fired = false;
                  return;
                }
                press(key);
              }}
              onPointerDown={plus ? startLongPress : undefined}
              onPointerUp={plus ? endLongPress : undefined}
              onPointerLeave={plus ? endLongPress : undefined}
              onPointerCancel={plus ? endLongPress : undefined}
              onContextMenu={plus ? (event) => event.preventDefault() : undefined}
            >
              {face}
            </button>
          );
        })}
      </div>
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
