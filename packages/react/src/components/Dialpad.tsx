import type { Phone } from '@handset/core';
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
import { useCall } from '../hooks/useCall';
import { usePhone } from '../hooks/usePhone';
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

export interface DialpadProps extends Omit<ComponentPropsWithoutRef<'div'>, 'defaultValue' | 'onChange'> {
  /** `dial` (default): enter a number and call it. `dtmf`: each key sends a tone on the call. */
  mode?: 'dial' | 'dtmf';
  /** In `dtmf` mode, the call that receives the tones; the active call when omitted. */
  callId?: string | null;
  /** The number as dialable characters (`+12025550123`), controlled; formatting is for display only. */
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
  /** Accessible name of the number field (default "Phone number"). */
  inputLabel?: string;
  phone?: Phone;
}

/**
 * A dialpad: 0-9 * # with letters, `+` by holding 0 or typing `+`, typing and Backspace from the
 * keyboard, paste that keeps only dialable characters, formatting as you type. In `dtmf` mode it
 * sends each key with `call.sendDigits()` instead; the local key tones are the media kit's (played as
 * each tone leaves), so the dialpad itself plays nothing.
 *
 * `data-mode` is `dial` or `dtmf`; `data-state` is `empty`, `filled` or `error` in dial mode, and the
 * call state (or `idle`) in dtmf mode.
 */
export const Dialpad = forwardRef<HTMLDivElement, DialpadProps>(function Dialpad(
  {
    mode = 'dial',
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
    inputLabel = 'Phone number',
    phone: phoneProp,
    className,
    onKeyDown,
    ...props
  },
  ref,
) {
  const phone = usePhone(phoneProp);
  const call = useCall(callId, phone);
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

  const press = (key: string) => {
    onKeyEntered?.(key);
    if (!dtmf) {
      edit((previous) => (key === '+' ? (previous === '' ? '+' : previous) : previous + key));
      return;
    }
    try {
      call.sendDigits(key);
      setError(null);
      setSent((previous) => previous + key);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const erase = () => edit((previous) => previous.slice(0, -1));

  const dial = async () => {
    if (raw === '') return;
    try {
      let destination = raw;
      if (!raw.startsWith('+') && format && /^\d+$/.test(raw)) {
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
    if (/^[0-9*#]$/.test(event.key) || (event.key === '+' && !dtmf)) {
      event.preventDefault();
      press(event.key);
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
  const keysDisabled = dtmf && !call.can('sendDigits');
  const state = dtmf ? (call.call?.state ?? 'idle') : error ? 'error' : raw === '' ? 'empty' : 'filled';

  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring form semantics and default styling; this is a group of keys.
    <div
      role="group"
      aria-label={dtmf ? 'Keypad' : 'Dialpad'}
      {...props}
      ref={ref}
      className={cx('hs-dialpad', className)}
      data-mode={mode}
      data-state={state}
      onKeyDown={compose(onKeyDown, handleRootKeyDown)}
    >
      {dtmf ? (
        <output className="hs-dialpad-sent" aria-label="Tones sent">
          {sent}
        </output>
      ) : (
        <input
          id={inputId}
          className="hs-dialpad-input"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          aria-label={inputLabel}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          value={display}
          onChange={(event) => edit(() => dialable(event.target.value))}
          onKeyDown={handleInputKeyDown}
        />
      )}
      <div className="hs-dialpad-keys">
        {dialpadKeys.map(({ key, letters }) => {
          const plus = key === '0' && !dtmf;
          return (
            <button
              key={key}
              type="button"
              className="hs-dialpad-key"
              data-key={key}
              disabled={keysDisabled}
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
              <span className="hs-dialpad-digit">{key}</span>
              {letters &&
                (dtmf && key === '0' ? null : (
                  <span className="hs-dialpad-letters" aria-hidden="true">
                    {letters}
                  </span>
                ))}
            </button>
          );
        })}
      </div>
      {!dtmf && (
        <div className="hs-dialpad-actions">
          <button type="button" className="hs-dialpad-call" disabled={raw === ''} onClick={() => void dial()}>
            Call
          </button>
          <button type="button" className="hs-dialpad-delete" aria-label="Delete" disabled={raw === ''} onClick={erase}>
            <span aria-hidden="true">⌫</span>
          </button>
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
