// The render budget in real Chromium: a sandbox `echo` call with the browser media kit (quality sampled
// at 1 Hz, both sides metered per animation frame), watched with React's <Profiler>. Components that read
// neither quality nor levels must not commit at all; the meters must not commit for a level; the quality
// indicator commits at most once per sample. (`npm run bench` prints the same counts: bench/render-budget.ts.)
import { type Call, createPhone, type Phone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { sandbox } from '@handset/sandbox';
import { cleanup, render } from '@testing-library/react';
import { Profiler, type ReactNode, StrictMode } from 'react';
import { afterEach, expect, test } from 'vitest';
import { CallControls, CallStatus, Dialpad, PhoneProvider, QualityIndicator, VolumeMeter } from '../src';

const phones: Phone[] = [];
afterEach(() => {
  cleanup();
  for (const phone of phones.splice(0)) phone.dispose();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  for (const end = performance.now() + timeoutMs; !check(); await sleep(25)) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
  }
}

type Group = 'static' | 'meters' | 'quality';

function Counted({ id, commits, children }: { id: Group; commits: Record<Group, number>; children: ReactNode }) {
  return (
    <Profiler id={id} onRender={() => commits[id]++}>
      {children}
    </Profiler>
  );
}

test('during a live call, levels and samples re-render only the quality indicator, once per sample at most', async () => {
  const media = browserMedia();
  const phone = createPhone({ line: sandbox({ channel: `react-budget-${Math.random().toString(36).slice(2)}` }), media });
  phones.push(phone);
  await phone.connect();
  const commits: Record<Group, number> = { static: 0, meters: 0, quality: 0 };
  render(
    <StrictMode>
      <PhoneProvider phone={phone}>
        <Counted id="static" commits={commits}>
          <CallStatus />
          <CallControls />
          <Dialpad mode="dtmf" />
        </Counted>
        <Counted id="meters" commits={commits}>
          <VolumeMeter side="input" label="Microphone level" />
          <VolumeMeter side="output" label="Caller level" />
        </Counted>
        <Counted id="quality" commits={commits}>
          <QualityIndicator />
        </Counted>
      </PhoneProvider>
    </StrictMode>,
  );
  const call: Call = phone.call('echo');
  let samples = 0;
  call.on('sample', () => samples++);
  await until(() => call.state === 'active' && samples >= 1, 15_000, 'an active call with a first quality sample');
  const meters = [...document.querySelectorAll<HTMLElement>('.hs-volume-meter')];
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
  await sleep(3000);
  counting = false;
  observer.disconnect();

  expect(frames).toBeGreaterThan(60);
  expect(levelWrites).toBeGreaterThan(30); // the meters drew the levels, outside React
  expect(samples).toBeGreaterThanOrEqual(2);
  expect(commits.static).toBe(0);
  expect(commits.meters).toBe(0);
  expect(commits.quality).toBeLessThanOrEqual(samples);
  expect(phone.store.getState().quality[call.id]?.mos).toBeGreaterThan(3);
});
