import { act, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { describe, expect, it } from 'vitest';
import type { CallQuality, QualitySource } from '../hooks/useCallQuality';
import { expectNoAxeViolations } from '../test/axe';
import { TestLevelSource } from '../test/levels';
import { fakeStream, TestMedia } from '../test/media';
import { acted, activeOutgoing, testPhone } from '../test/phone';
import { TestQualitySource } from '../test/quality';
import { withPhone } from '../test/render';
import { QualityIndicator } from './QualityIndicator';
import { VolumeMeter } from './VolumeMeter';

const lit = (el: HTMLElement) => el.querySelectorAll('[data-lit]').length;

describe('QualityIndicator', () => {
  it('shows bars from the MOS and names the warnings', async () => {
    const source = new TestQualitySource();
    render(<QualityIndicator source={source} className="mine" />);
    const indicator = screen.getByRole('img', { name: 'Call quality: unknown' });
    expect(indicator.dataset.state).toBe('unknown');
    expect(lit(indicator)).toBe(0);
    act(() => source.publish(4.4));
    expect([indicator.dataset.state, lit(indicator)]).toEqual(['excellent', 4]);
    act(() => source.publish(2.6, ['high-packet-loss', 'low-mos']));
    expect([indicator.dataset.state, lit(indicator)]).toEqual(['poor', 1]);
    expect(indicator.getAttribute('aria-label')).toBe('Call quality: poor (MOS 2.6). Audio packets lost. Poor call quality');
    expect(indicator.getAttribute('title')).toBe(indicator.getAttribute('aria-label'));
    expect(indicator.hasAttribute('data-warnings')).toBe(true);
    expect(indicator.className).toBe('hs-quality mine');
    await expectNoAxeViolations();
  });

  it('commits once per sample and never for 60 Hz levels beside it', () => {
    const quality = new TestQualitySource();
    const levels = new TestLevelSource();
    const commits: string[] = [];
    render(
      <>
        <Profiler id="quality" onRender={(id) => commits.push(id)}>
          <QualityIndicator source={quality} />
        </Profiler>
        <Profiler id="meter" onRender={(id) => commits.push(id)}>
          <VolumeMeter source={levels} />
        </Profiler>
      </>,
    );
    commits.length = 0;
    for (let second = 0; second < 5; second++) {
      for (let frame = 0; frame < 60; frame++) levels.emit(Math.random());
      act(() => quality.publish(4 - second * 0.2));
    }
    expect(commits).toEqual(['quality', 'quality', 'quality', 'quality', 'quality']);
  });

  it('says "no audio", with no bar lit, when no packet arrived in the latest sample, whatever its figures', () => {
    // As the store has it: the kit's sample (no packet either way), no MOS, no level. One object: a stable snapshot.
    const snapshot = {
      mos: null,
      level: null,
      sample: { packetsReceived: 0, packetsSent: 0 },
      warnings: ['low-bytes-received', 'low-bytes-sent'],
    } as CallQuality;
    const source: QualitySource = { getSnapshot: () => snapshot, subscribe: () => () => {} };
    render(<QualityIndicator source={source} />);
    const indicator = screen.getByRole('img');
    expect([indicator.dataset.state, lit(indicator)]).toEqual(['no-audio', 0]);
    expect(indicator.getAttribute('aria-label')).toBe('Call quality: no audio. No audio arriving. No audio leaving');
  });

  it('a stale MOS beside a sample in which nothing arrived is not shown as a level', () => {
    const quality = { mos: 4.43, warnings: [], sample: { packetsReceived: 0, packetsSent: 50 } } as CallQuality;
    render(<QualityIndicator quality={quality} />);
    expect(screen.getByRole('img').dataset.state).toBe('no-audio');
  });

  it('takes quality as a prop', () => {
    render(<QualityIndicator quality={{ mos: 3.7, warnings: [] }} />);
    expect(screen.getByRole('img').dataset.state).toBe('good');
  });

  it("shows the active call's quality from the phone's store, committing once per sample, never for its levels", async () => {
    const media = new TestMedia();
    const { phone, line } = await testPhone({ phone: { media } });
    const id = acted(() => activeOutgoing(phone, line));
    act(() => line.signal({ type: 'media', callId: id, localStream: fakeStream(), remoteStream: fakeStream() }));
    const commits: string[] = [];
    render(
      <>
        <Profiler id="quality" onRender={(p) => commits.push(p)}>
          <QualityIndicator />
        </Profiler>
        <Profiler id="meters" onRender={(p) => commits.push(p)}>
          <VolumeMeter side="input" />
          <VolumeMeter side="output" />
        </Profiler>
      </>,
      { wrapper: withPhone(phone) },
    );
    const indicator = screen.getByRole('img', { name: 'Call quality: unknown' });
    commits.length = 0;
    for (let second = 0; second < 5; second++) {
      for (let frame = 0; frame < 60; frame++) {
        media.meters.get(`${id}:input`)?.emit(Math.random());
        media.meters.get(`${id}:output`)?.emit(Math.random());
      }
      act(() => media.quality(id, 4.4 - second * 0.4, second >= 3 ? ['high-jitter'] : []));
    }
    expect(commits).toEqual(['quality', 'quality', 'quality', 'quality', 'quality']);
    expect(indicator.dataset.state).toBe('poor');
    expect(indicator.getAttribute('aria-label')).toBe('Call quality: poor (MOS 2.8). Unsteady connection (jitter)');
    await expectNoAxeViolations();
  });
});
