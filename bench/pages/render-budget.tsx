// Bench page: the render budget of @handset/react during a sandbox `echo` call with the browser media kit
// (quality sampled at 1 Hz, both sides metered per animation frame), counted with React's <Profiler>.
import { createPhone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { CallControls, CallStatus, CallTimer, Dialpad, PhoneProvider, QualityIndicator, VolumeMeter } from '@handset/react';
import { sandbox } from '@handset/sandbox';
import { Profiler, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

export type Group = 'static' | 'timer' | 'meters' | 'quality';
export interface RenderBudget {
  readonly seconds: number;
  readonly frames: number;
  readonly samples: number;
  /** Style writes the two meters made to the DOM (outside React). */
  readonly levelWrites: number;
  readonly commits: Readonly<Record<Group, number>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  for (const end = performance.now() + timeoutMs; !check(); await sleep(25)) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

async function run(seconds: number): Promise<RenderBudget> {
  const media = browserMedia();
  const phone = createPhone({ line: sandbox({ channel: `bench-render-${Math.random()}` }), media });
  await phone.connect();
  const commits: Record<Group, number> = { static: 0, timer: 0, meters: 0, quality: 0 };
  const Counted = ({ id, children }: { id: Group; children: ReactNode }) => (
    <Profiler id={id} onRender={() => commits[id]++}>
      {children}
    </Profiler>
  );
  const host = document.body.appendChild(document.createElement('div'));
  const root = createRoot(host);
  root.render(
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
    </PhoneProvider>,
  );
  const call = phone.call('echo');
  let samples = 0;
  call.on('sample', () => samples++);
  await until(() => call.state === 'active' && samples >= 1, 15_000, 'an active call with a first sample');
  const meters = [...host.querySelectorAll<HTMLElement>('.hs-volume-meter')];
  await until(() => meters.every((m) => Number(m.style.getPropertyValue('--hs-level')) > 0), 10_000, 'both meters to move');

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
  const result = { seconds, frames, samples, levelWrites, commits: { ...commits } };
  root.unmount();
  phone.dispose();
  host.remove();
  return result;
}

(window as unknown as { bench: unknown }).bench = { run };
