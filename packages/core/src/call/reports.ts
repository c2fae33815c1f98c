import { freeze } from '../util/freeze';
import type { CallEvents } from './events';
import type { CallSignal } from './internals';
import type { CallSnapshot } from './types';

/** What a report may do to the live call it is about: the call's controller, with its full powers. */
export interface ReportTarget {
  note(fields: Partial<CallSnapshot>): void;
  report<E extends keyof CallEvents>(event: E, ...args: CallEvents[E]): void;
}

/**
 * The line's signals about a live call that move no state: each updates its snapshot or tells the app.
 * False for any other signal: the call's state machine takes those. `inCall`: whether in-call requests (DTMF,
 * messages, INFO) may arrive now (the table's `inCallSignal`).
 */
export function report(signal: CallSignal, call: ReportTarget, snapshot: CallSnapshot, inCall: boolean): boolean {
  switch (signal.type) {
    case 'remote':
      call.note({ remote: freeze({ ...signal.remote }) });
      break;
    case 'providerIds': {
      // Lines may repeat ids they already gave (SDKs report them with every update): only news changes the store.
      const known = snapshot.providerIds;
      if (Object.keys(signal.ids).some((name) => known[name] !== signal.ids[name])) {
        call.note({ providerIds: freeze({ ...known, ...signal.ids }) });
      }
      break;
    }
    case 'customData':
      call.note({ customData: signal.customData });
      break;
    case 'sample':
      call.report('sample', signal.sample);
      break;
    case 'warning':
      if (signal.raised) call.report('warning', signal.name, signal.sample);
      else call.report('warning-cleared', signal.name);
      break;
    case 'levels':
      call.report('volume', signal.input, signal.output);
      break;
    case 'messageSent':
      call.report('messageSent', signal.message);
      break;
    case 'error':
      call.note({ error: signal.error.toJSON() });
      call.report('error', signal.error);
      break;
    case 'dtmf':
      if (inCall) call.report('dtmf', signal.digit);
      break;
    case 'message':
      if (inCall) call.report('messageReceived', signal.message);
      break;
    case 'info':
      if (inCall) call.report('info', signal.mimeType, signal.body, signal.headers ?? []);
      break;
    default:
      return false;
  }
  return true;
}
