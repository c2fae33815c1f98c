import { render, screen } from '@testing-library/react';
import { Profiler } from 'react';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../test/axe';
import { TestLevelSource } from '../test/levels';
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
});
