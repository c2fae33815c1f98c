// The render budget of @handset/react during a sandbox `echo` call with the browser media kit (quality
// sampled at 1 Hz, both sides metered as their levels change), counted with React's <Profiler>. Shared by
// the browser test that fails on a re-render and by `npm run bench`, which prints the counts.
import { createPhone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { sandbox } from '@handset/sandbox';
import { Profiler, type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CallControls, CallStatus, CallTimer, Dialpad, PhoneProvider, QualityIndicator, VolumeMeter } from '../../src';

export type Group = 'static' | 'timer' | 'meters' | 'quality';
export interface RenderBudget {
  readonly seconds: number;
  readonly frames: number;
  readonly samples: number;
  /** Style writes the two meters made to the DOM (outside React). */
  readonly levelWrites: number;
  readonly commits: Readonly<Record<Group, number>>;
  /** The call's MOS in the store at the end. */
  readonly mos: number | null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  for (const end = performance.now() + timeoutMs; !check(); await sleep(25)) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Renders the components, places an echo call, and counts for `seconds` once both meters move; cleans up after. */
export async function measureRenderBudget(seconds: number, options: { strict?: boolean } = {}): Promise<RenderBudget> {
  const media = browserMedia();
  const phone = createPhone({ line: sandbox({ channel: `render-budget-${Math.random().toString(36).slice(2)}` }), media });
  const commits: Record<Group, number> = { static: 0, timer: 0, meters: 0, quality: 0 };
  const Counted = ({ id, children }: { id: Group; children: ReactNode }) => (
    <Profiler id={id} onRender={() => commits[id]++}>
      {children}
    </Profiler>
  );
  const tree = (
    <PhoneProvider phone={phone}>
      {/* Components that read neither quality nor levels: the call's state, controls and keypad. */}
      <Counted id="static">
        <CallStatus />
        <CallControls />
        <Dialpad mode="dtmf" />
      </Counted>
      {/* Reads the duration: one commit a second, by design. */}
      <Counted id="timer">
        <CallTimer />
      </Counted>
      <Counted id="meters">
        <VolumeMeter side="input" label="Microphone level" />
        <VolumeMeter side="output" label="Caller level" />
      </Counted>
      <Counted id="quality">
        <QualityIndicator />
      </Counted>
    </PhoneProvider>
  );
  const host = document.body.appendChild(document.createElement('div'));
  const root = createRoot(host);
  try {
    await phone.connect();
    root.render(options.strict ? <StrictMode>{tree}</StrictMode> : tree);
    const call = phone.call('echo');
    let samples = 0;
    call.on('sample', () => samples++);
    await until(() => call.state === 'active' && samples >= 1, 15_000, 'an active call with a first quality sample');
    const meters = [...host.querySelectorAll<HTMLElement>('.hs-volume-meter')];
    await until(() => meters.every((m) => Number(m.style.getPropertyValue('--hs-level')) > 0), 10_000, 'both meters to move');

    // Measure: frames, samples, level writes to the DOM, and commits.
    for (const group of Object.keys(commits) as Group[]) commits[group] = 0;
    samples = 0;
    let frames = 0;
    let counting = true;
    const onFrame = () => {
      frames++;
      if (counting) requestAnimationFrame(onFrame);
    };
    requestAnimationFrame(onFrame);
    let levelWrites = 0;
    const observer = new MutationObserver((records) => {
      levelWrites += records.length;
    });
    for (const meter of meters) observer.observe(meter, { attributes: true, attributeFilter: ['style'], subtree: true });
    await sleep(seconds * 1000);
    counting = false;
    observer.disconnect();
    const mos = phone.store.getState().quality[call.id]?.mos ?? null;
    return { seconds, frames, samples, levelWrites, commits: { ...commits }, mos };
  } finally {
    root.unmount();
    phone.dispose();
    host.remove();
  }
}
