import type { CallState, EndReason } from '@handset/core';

/** What `CallStatus` and `data-state` call "no call". */
export type CallStatusState = CallState | 'idle';
export type QualityLevel = 'excellent' | 'good' | 'fair' | 'poor';

/**
 * Every word the components show or announce, by component. `PhoneProvider labels={...}` replaces any of
 * them for the whole tree and each component's `labels` prop for itself. `{name}` marks a value put in.
 */
export interface HandsetLabels {
  /** BCP 47 locale for numbers and durations (`Intl`); the browser's when empty. */
  readonly locale: string;
  readonly callStatus: Readonly<Record<CallStatusState, string>> & {
    /** Shown instead of `active` while the far side holds the call (so overriding `active` keeps it). */
    readonly remoteHold: string;
    /** The words of an ended call, by the core's end reason (instead of `ended`). */
    readonly endReasons: Readonly<Record<EndReason, string>>;
  };
  readonly callButtons: {
    readonly mute: string;
    readonly hold: string;
    readonly keypad: string;
    readonly hangUp: string;
    readonly transfer: string;
    readonly controls: string;
  };
  /** Why a control is disabled, given to assistive technology (`aria-description`). */
  readonly disabledReasons: {
    readonly noCall: string;
    readonly notNow: string;
    readonly unsupported: string;
  };
  readonly incomingCall: {
    readonly incoming: string;
    readonly waiting: string;
    readonly waitingHint: string;
    readonly enableSound: string;
    readonly accept: string;
    readonly holdAndAccept: string;
    readonly endAndAccept: string;
    readonly decline: string;
    readonly ignore: string;
  };
  readonly dialpad: {
    readonly dialpad: string;
    readonly keypad: string;
    /** Accessible name of the number field. */
    readonly input: string;
    /** Accessible name of the field where names are accepted too. */
    readonly inputNames: string;
    readonly call: string;
    readonly delete: string;
    readonly tonesSent: string;
  };
  readonly devicePicker: {
    readonly microphone: string;
    readonly speaker: string;
    readonly ringtone: string;
    readonly systemDefault: string;
    readonly allowMicrophone: string;
    /** A device the browser gives no name (no permission yet): `{label} {n}`. */
    readonly unnamedDevice: string;
  };
  readonly quality: {
    /** The indicator's accessible name and tooltip: `{level}`, then the warnings. */
    readonly summary: string;
    readonly levels: Readonly<Record<QualityLevel | 'unknown' | 'no-audio', string>>;
    /** By the core's warning name; an unknown name is shown as it is. */
    readonly warnings: Readonly<Record<string, string>>;
  };
  readonly volumeMeter: {
    readonly label: string;
  };
}

/** The default words. */
export const englishLabels: HandsetLabels = {
  locale: 'en',
  callStatus: {
    idle: 'No call',
    dialing: 'Calling…',
    ringing: 'Ringing…',
    incoming: 'Incoming call',
    connecting: 'Connecting…',
    active: 'Connected',
    held: 'On hold',
    reconnecting: 'Reconnecting…',
    ended: 'Call ended',
    remoteHold: 'Held by the other side',
    endReasons: {
      hangup: 'Call ended',
      cancelled: 'Call cancelled',
      rejected: 'Call declined',
      ignored: 'Call ignored',
      busy: 'Busy',
      'no-answer': 'No answer',
      timeout: 'No response',
      'time-limit': 'Time limit reached',
      failed: 'Call failed',
      network: 'Connection lost',
    },
  },
  callButtons: { mute: 'Mute', hold: 'Hold', keypad: 'Keypad', hangUp: 'Hang up', transfer: 'Transfer', controls: 'Call controls' },
  disabledReasons: {
    noCall: 'There is no call.',
    notNow: 'Not possible in the call’s current state.',
    unsupported: 'This line cannot do this.',
  },
  incomingCall: {
    incoming: 'Incoming call',
    waiting: 'Call waiting',
    waitingHint: 'You are on another call.',
    enableSound: 'Click to enable sound',
    accept: 'Accept',
    holdAndAccept: 'Hold & accept',
    endAndAccept: 'End & accept',
    decline: 'Decline',
    ignore: 'Ignore',
  },
  dialpad: {
    dialpad: 'Dialpad',
    keypad: 'Keypad',
    input: 'Phone number',
    inputNames: 'Number or name',
    call: 'Call',
    delete: 'Delete',
    tonesSent: 'Tones sent',
  },
  devicePicker: {
    microphone: 'Microphone',
    speaker: 'Speaker',
    ringtone: 'Ringtone device',
    systemDefault: 'System default',
    allowMicrophone: 'Allow microphone',
    unnamedDevice: '{label} {n}',
  },
  quality: {
    summary: 'Call quality: {level}',
    levels: { excellent: 'excellent', good: 'good', fair: 'fair', poor: 'poor', unknown: 'unknown', 'no-audio': 'no audio' },
    warnings: {
      'high-rtt': 'High latency',
      'high-jitter': 'Unsteady connection (jitter)',
      'high-packet-loss': 'Audio packets lost',
      'low-mos': 'Poor call quality',
      'low-bytes-received': 'No audio arriving',
      'low-bytes-sent': 'No audio leaving',
      'low-inbound-audio': 'The other side is silent',
      'constant-audio-input-level': 'Your microphone is silent',
      'ice-connectivity-lost': 'Connection lost',
    },
  },
  volumeMeter: { label: 'Audio level' },
};
