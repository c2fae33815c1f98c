import type { CallSnapshot } from '@handset/core';
import { CallControls, CallStatus, CallTimer, describeCall, QualityIndicator, useCall, useCalls, VolumeMeter } from '@handset/react';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useCallMeter, useQualitySamples, useQualitySnapshot } from './media';
import { QualityChart } from './QualityChart';

const noWarnings: readonly string[] = [];

/** The call with the microphone: who, state, time, quality, levels, controls; and the other calls, to swap to. */
export function InCallScreen(): ReactNode {
  const { call } = useCall();
  const calls = useCalls();
  const callId = call?.id ?? null;
  const quality = useQualitySnapshot(callId);
  const samples = useQualitySamples(callId);
  const input = useCallMeter(callId, 'input');
  const output = useCallMeter(callId, 'output');
  const [keypadOpen, setKeypadOpen] = useState(false);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const others = calls.filter((c) => c.id !== callId && c.state !== 'incoming');

  useEffect(() => {
    setKeypadOpen(false);
    // A new call on screen: move focus to its heading, so keyboard and screen reader users follow.
    if (callId && !heading.current?.closest('.demo-screen')?.contains(document.activeElement)) heading.current?.focus();
  }, [callId]);

  if (!call) return null;
  const who = call.remote.name || call.remote.number;
  return (
    <section className="demo-screen demo-in-call" aria-labelledby={headingId} data-call-state={call.state} data-testid="in-call">
      <header className="demo-caller">
        <p className="demo-caller-direction">{call.direction === 'incoming' ? 'Call from' : 'Call to'}</p>
        <h2 id={headingId} ref={heading} tabIndex={-1} className="demo-caller-name">
          {who}
        </h2>
        {call.remote.name && <p className="demo-caller-number">{call.remote.number}</p>}
        <p className="demo-call-line">
          <CallStatus className="demo-call-status" /> <CallTimer className="demo-call-timer" aria-label="Call duration" />
          <QualityIndicator className="demo-quality" quality={{ mos: quality?.mos ?? null, warnings: quality?.warnings ?? noWarnings }} />
        </p>
        {call.remoteHold && (
          <p className="demo-note" data-testid="remote-hold">
            {who} has put you on hold.
          </p>
        )}
      </header>

      <div className="demo-meters">
        <div className="demo-meter">
          <span className="demo-meter-label" aria-hidden="true">
            You {call.muted ? '(muted)' : ''}
          </span>
          <VolumeMeter source={input} label="Your microphone level" data-side="input" />
        </div>
        <div className="demo-meter">
          <span className="demo-meter-label" aria-hidden="true">
            {who}
          </span>
          <VolumeMeter source={output} label={`Level of ${who}`} data-side="output" />
        </div>
      </div>

      <CallControls className="demo-controls" keypadOpen={keypadOpen} onKeypadOpenChange={setKeypadOpen} />

      <QualityChart samples={samples} />

      {others.length > 0 && (
        <section className="demo-other-calls" aria-labelledby={`${headingId}-others`}>
          <h3 id={`${headingId}-others`}>Other calls</h3>
          <ul>
            {others.map((other) => (
              <OtherCall key={other.id} call={other} />
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

/** A call that is not on the microphone (held, or still being set up): swap to it, or hang it up. */
function OtherCall({ call }: { call: CallSnapshot }): ReactNode {
  const actions = useCall(call.id);
  const who = call.remote.name || call.remote.number;
  return (
    <li className="demo-other-call" data-state={call.state}>
      <span className="demo-other-call-who">{who}</span>
      <span className="demo-other-call-state">{describeCall(call)}</span>
      <button type="button" className="hs-call-button" disabled={!actions.can('unhold')} onClick={() => actions.unhold()}>
        Swap to {who}
      </button>
      <button type="button" className="hs-call-button hs-hangup-button" disabled={!actions.can('hangup')} onClick={() => actions.hangup()}>
        Hang up {who}
      </button>
    </li>
  );
}
