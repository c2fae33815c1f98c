import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../test/axe';
import { acted, activeOutgoing, testPhone } from '../test/phone';
import { isDisabled, withPhone } from '../test/render';
import { HangUpButton, HoldButton, MuteButton } from './CallButtons';
import { CallControls } from './CallControls';

describe('CallControls', () => {
  it('is a labelled group of disabled buttons without a call, focusable and saying why', async () => {
    const { phone } = await testPhone();
    render(<CallControls />, { wrapper: withPhone(phone) });
    const group = screen.getByRole('group', { name: 'Call controls' });
    expect(group.dataset.state).toBe('idle');
    for (const name of ['Mute', 'Hold', 'Keypad', 'Hang up']) {
      const button = screen.getByRole('button', { name }) as HTMLButtonElement;
      expect(isDisabled(button)).toBe(true);
      expect(button.disabled).toBe(false); // aria-disabled, so the reason stays reachable by keyboard
      expect(button.getAttribute('aria-description')).toBe('There is no call.');
    }
    await expectNoAxeViolations();
  });

  it('mutes, holds and hangs up the active call, reflecting each in aria-pressed', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    render(<CallControls />, { wrapper: withPhone(phone) });
    const id = acted(() => activeOutgoing(phone, line));
    const mute = screen.getByRole('button', { name: 'Mute' });
    const hold = screen.getByRole('button', { name: 'Hold' });
    expect(mute.getAttribute('aria-pressed')).toBe('false');

    await user.click(mute);
    expect(mute.getAttribute('aria-pressed')).toBe('true');
    expect(mute.dataset.state).toBe('on');
    expect(line.sent({ type: 'setMuted' }).map((c) => c.args)).toEqual([[id, true]]);

    await user.click(hold);
    expect(hold.getAttribute('aria-pressed')).toBe('true');
    expect(screen.getByRole('group', { name: 'Call controls' }).dataset.state).toBe('held');
    expect(isDisabled(screen.getByRole('button', { name: 'Keypad' }))).toBe(true); // no DTMF on hold
    await expectNoAxeViolations();
    await user.click(hold);
    expect(hold.getAttribute('aria-pressed')).toBe('false');
    expect(line.sent({ type: 'unhold' })).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Hang up' }));
    expect(line.sent({ type: 'hangup' }).map((c) => c.args[0])).toEqual([id]);
    expect(screen.getByRole('group', { name: 'Call controls' }).dataset.state).toBe('idle');
  });

  it('opens a keypad that sends DTMF to the call, operable from the keyboard', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone({ phone: { dtmf: { toneMs: 40, gapMs: 40 } } });
    render(<CallControls />, { wrapper: withPhone(phone) });
    const id = acted(() => activeOutgoing(phone, line));
    const keypad = screen.getByRole('button', { name: 'Keypad' });
    await user.tab(); // Mute
    await user.tab(); // Hold
    await user.tab(); // Keypad
    expect(document.activeElement).toBe(keypad);
    await user.keyboard('{Enter}');
    expect(keypad.getAttribute('aria-pressed')).toBe('true');
    const pad = screen.getByRole('group', { name: 'Keypad' });
    expect(keypad.getAttribute('aria-controls')).toBe(pad.id);
    await user.click(within(pad).getByRole('button', { name: '5' }));
    await user.keyboard('#'); // typed while a key has focus
    await act(() => new Promise((r) => setTimeout(r, 300)));
    expect(line.sent({ type: 'sendDtmf' }).map((c) => c.args.slice(0, 2))).toEqual([
      [id, '5'],
      [id, '#'],
    ]);
    expect(within(pad).getByRole('status', { name: 'Tones sent' }).textContent).toBe('5#');
    await expectNoAxeViolations();
    await user.click(keypad);
    expect(screen.queryByRole('group', { name: 'Keypad' })).toBeNull();
  });

  it('buttons take className, asChild, and let onClick preventDefault skip the action', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    acted(() => activeOutgoing(phone, line));
    render(
      <>
        <MuteButton asChild className="mine">
          <a href="#mute">Silence</a>
        </MuteButton>
        <HangUpButton onClick={(event) => event.preventDefault()}>End</HangUpButton>
      </>,
      { wrapper: withPhone(phone) },
    );
    const link = screen.getByRole('link', { name: 'Silence' });
    expect(link.className).toBe('hs-call-button hs-mute-button mine');
    await user.click(link);
    expect(link.getAttribute('aria-pressed')).toBe('true');
    await user.click(screen.getByRole('button', { name: 'End' }));
    expect(line.sent({ type: 'hangup' })).toHaveLength(0);
  });

  it('offers no Hold and no Keypad on a line that cannot hold or send DTMF; a lone HoldButton stays disabled and says why', async () => {
    const { phone, line } = await testPhone({ line: { capabilities: { hold: false, dtmf: [] } } });
    render(
      <>
        <CallControls />
        <HoldButton data-testid="lone-hold" />
      </>,
      { wrapper: withPhone(phone) },
    );
    acted(() => activeOutgoing(phone, line));
    const group = screen.getByRole('group', { name: 'Call controls' });
    expect(within(group).queryByRole('button', { name: 'Hold' })).toBeNull();
    expect(within(group).queryByRole('button', { name: 'Keypad' })).toBeNull();
    expect(within(group).getByRole('button', { name: 'Mute' })).toBeTruthy();
    const lone = screen.getByTestId('lone-hold') as HTMLButtonElement;
    expect(isDisabled(lone)).toBe(true);
    expect(lone.dataset.unsupported).toBe('');
    expect(lone.getAttribute('aria-description')).toBe('This line cannot do this.');
    await userEvent.setup().click(lone);
    expect(line.sent({ type: 'hold' })).toEqual([]);
    await expectNoAxeViolations();
  });
});
