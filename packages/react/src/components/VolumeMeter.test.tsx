import { act, render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../test/axe';
import { TestLevelSource } from '../test/levels';
import { fakeStream, TestMedia } from '../test/media';
import { acted, activeOutgoing, testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { VolumeMeter } from './VolumeMeter';

describe('VolumeMeter', () => {
  it('draws 60 levels a second with zero React commits', async () => {
    const source = new TestLevelSource();
    let commits = 0;
    render(
      <Profiler id="meter" onRender={() => commits++}>
        <VolumeMeter source={source} label="Microphone level" className="mine" />
      </Profiler>,
    );
    const meter = screen.getByRole('meter', { name: 'Microphone level' });
    const fill = meter.firstElementChild as HTMLElement;
    const mounted = commits;
    expect(meter.dataset.state).toBe('silent');
    for (let frame = 0; frame < 60; frame++) source.emit(frame % 2 ? 0.62 : 0.01);
    expect(commits).toBe(mounted);
    source.emit(0.62);
    expect(fill.style.transform).toBe('scaleX(0.620)');
    expect(meter.style.getPropertyValue('--hs-level')).toBe('0.620');
    expect(meter.dataset.state).toBe('active');
    expect(meter.getAttribute('aria-valuenow')).toBe('60');
    expect(meter.className).toBe('hs-volume-meter mine');
    source.emit(0);
    expect(meter.dataset.state).toBe('silent');
    expect(fill.style.transform).toBe('scaleX(0.000)');
    await expectNoAxeViolations();
  });

  it('clamps levels and stays empty without a source', () => {
    const source = new TestLevelSource();
    const { rerender } = render(<VolumeMeter source={null} />);
    const meter = screen.getByRole('meter', { name: 'Audio level' });
    expect(meter.getAttribute('aria-valuenow')).toBe('0');
    rerender(<VolumeMeter source={source} />);
    source.emit(7);
    expect((meter.firstElementChild as HTMLElement).style.transform).toBe('scaleX(1.000)');
    expect(meter.getAttribute('aria-valuenow')).toBe('100');
  });

  it("meters the active call's microphone through the phone's kit by default, and empties when the call ends", async () => {
    const media = new TestMedia();
    const { phone, line } = await testPhone({ phone: { media } });
    let commits = 0;
    render(
      <Profiler id="meter" onRender={() => commits++}>
        <VolumeMeter label="Microphone level" />
        <VolumeMeter side="output" label="Caller level" />
      </Profiler>,
      { wrapper: withPhone(phone) },
    );
    const input = screen.getByRole('meter', { name: 'Microphone level' });
    const output = screen.getByRole('meter', { name: 'Caller level' });
    const id = acted(() => activeOutgoing(phone, line));
    act(() => line.signal({ type: 'media', callId: id, localStream: fakeStream(), remoteStream: fakeStream() }));
    const afterMedia = commits;
    for (let frame = 0; frame < 60; frame++) {
      media.meters.get(`${id}:input`)?.emit(0.7);
      media.meters.get(`${id}:output`)?.emit(0.2);
    }
    expect(commits).toBe(afterMedia);
    expect([input.getAttribute('aria-valuenow'), output.getAttribute('aria-valuenow')]).toEqual(['70', '20']);
    act(() => phone.getCall(id)?.hangup());
    expect([input.getAttribute('aria-valuenow'), input.dataset.state]).toEqual(['0', 'silent']);
  });
});
