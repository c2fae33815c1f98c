import type { MouseEvent, MouseEventHandler, ReactNode } from 'react';

/** What a prop-getter hook takes of the element's own props. */
export interface ControlProps<E extends HTMLElement = HTMLElement> {
  /** `true` disables the control; `false` cannot enable what the call's state or the line forbids. */
  disabled?: boolean;
  onClick?: MouseEventHandler<E>;
  children?: ReactNode;
}

/** The state attributes a prop-getter hook adds to the element. */
export interface ControlStateProps<E extends HTMLElement = HTMLElement> {
  'aria-disabled'?: true;
  'data-disabled'?: '';
  /** Why it is disabled, for assistive technology (ARIA 1.3 `aria-description`). */
  'aria-description'?: string;
  onClick: MouseEventHandler<E>;
  children: ReactNode;
}

export interface ControlState {
  /** The command is legal now, the line can do it, and the app did not disable it. */
  readonly enabled: boolean;
  /** Why it is disabled, in the current labels; null when enabled or disabled by the app. */
  readonly reason: string | null;
}

/**
 * Lays the state machine's verdict over the element's props. A disabled control stays focusable and
 * is marked `aria-disabled` / `data-disabled` (never the `disabled` attribute, which an `asChild`
 * anchor does not have and which would hide the reason from keyboard users); its clicks do nothing.
 */
export function controlProps<P extends ControlProps<E>, E extends HTMLElement>(
  props: P,
  state: ControlState,
  label: ReactNode,
  activate: (event: MouseEvent<E>) => void,
): Omit<P, 'disabled'> & ControlStateProps<E> {
  const { disabled: _disabled, onClick, children, ...rest } = props;
  return {
    ...(rest as Omit<P, 'disabled' | 'onClick' | 'children'>),
    'aria-disabled': state.enabled ? undefined : true,
    'data-disabled': state.enabled ? undefined : '',
    'aria-description': state.reason ?? undefined,
    onClick: (event: MouseEvent<E>) => {
      if (!state.enabled) {
        event.preventDefault(); // an asChild link does not navigate either
        return;
      }
      onClick?.(event);
      if (!event.defaultPrevented) activate(event);
    },
    children: children ?? label,
  } as Omit<P, 'disabled'> & ControlStateProps<E>;
}

/** Enabled when the command may run and the app did not disable it; the reason only for the first. */
export function controlState(refusal: string | null, disabled: boolean | undefined): ControlState {
  return { enabled: refusal === null && !disabled, reason: refusal };
}
