import { type MouseEvent, type PointerEvent, type ReactElement, useEffect, useRef } from 'react';
import type { UseCallResult } from '../hooks/useCall';
import { dtmfKeyProps } from '../hooks/useDtmfKey';
import { useLabels } from '../labels/LabelsContext';
import { dialpadKeys } from './dialpadKeys';

interface DialpadKeyGridProps {
  dtmf: boolean;
  /** The call that receives the tones in dtmf mode. */
  call: UseCallResult;
  /** Enters a key in dial mode (`+` when `0` is held). */
  press: (key: string) => void;
  onKeyEntered: ((key: string) => void) | undefined;
  onToneSent: (key: string) => void;
  onToneError: (error: unknown) => void;
  longPressMs: number;
}

/**
 * The dialpad's twelve keys with their letters. In dial mode each enters its key, and holding `0` enters
 * `+`; in dtmf mode each sends its tone, enabled only while the call can take tones.
 */
export function DialpadKeyGrid({
  dtmf,
  call,
  press,
  onKeyEntered,
  onToneSent,
  onToneError,
  longPressMs,
}: DialpadKeyGridProps): ReactElement {
  const reasons = useLabels('disabledReasons');
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
  const holdForPlus = {
    onPointerDown: startLongPress,
    onPointerUp: endLongPress,
    onPointerLeave: endLongPress,
    onPointerCancel: endLongPress,
    onContextMenu: (event: MouseEvent) => event.preventDefault(),
  };
  useEffect(() => () => clearTimeout(longPress.current.timer), []);

  return (
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
            {...(plus && holdForPlus)}
          >
            {face}
          </button>
        );
      })}
    </div>
  );
}
