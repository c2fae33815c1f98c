import { browserMedia } from '@handset/core/media';
import type { ScriptedLine } from '@handset/core/testing';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { expectNoAxeViolations } from '../test/axe';
import { acted, activeOutgoing, testPhone } from '../test/phone';
import { isDisabled, withPhone } from '../test/render';
import { Dialpad, dialable, lettersToDigits, nameable } from './Dialpad';
import { loadPhoneNumberFormatter } from './phoneNumberFormat';

const dialed = (line: ScriptedLine) => line.sent({ type: 'dial' }).map((c) => (c.args[0] as { destination: string }).destination)[0];
const input = () => screen.getByRole('textbox', { name: 'Phone number' }) as HTMLInputElement;

describe('dialable', () => {
  it('keeps digits, * and #, and + only at the start', () => {
    expect(dialable('+1 (202) 555-0123')).toBe('+12025550123');
    expect(dialable('call me: 555 0123 ext. *9#')).toBe('5550123*9#');
    expect(dialable('12+34+')).toBe('1234');
    expect(dialable('++44')).toBe('+44');
    expect(dialable('<b>x</b>')).toBe('');
  });
});

describe('lettersToDigits and nameable', () => {
  it('maps letters to their keypad digits, and keeps what a name or SIP URI can hold', () => {
    expect(lettersToDigits('1-800-FLOWERS')).toBe('18003569377');
    expect(lettersToDigits('+1 (202) call-ada')).toBe('+12022255232');
    expect(nameable(' echo ')).toBe('echo');
    expect(nameable('sip:alice@example.com;transport=ws')).toBe('sip:alice@example.com;transport=ws');
    expect(nameable('<b>"x"</b>')).toBe('bx/b');
  });
});

describe('Dialpad (names)', () => {
  it('accepts names where the line accepts them (the sandbox echo), typed and pasted, and calls them as they are', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone({ line: { destinations: ['echo'] } });
    render(<Dialpad />, { wrapper: withPhone(phone) });
    const pad = screen.getByRole('group', { name: 'Dialpad' });
    expect(pad.dataset.entry).toBe('names');
    const field = screen.getByRole('textbox', { name: 'Number or name' }) as HTMLInputElement;
    await user.click(field);
    await user.keyboard('echo');
    expect(field.value).toBe('echo');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(line.sent({ type: 'dial' })).toHaveLength(1));
    expect(dialed(line)).toBe('echo');
    await expectNoAxeViolations();
  });

  it('keeps a digit-only mode, and maps letters to keypad digits when asked', async () => {
    const user = userEvent.setup();
    const { phone } = await testPhone();
    const onValueChange = vi.fn();
    const { rerender } = render(<Dialpad entry="digits" format={false} onValueChange={onValueChange} />, { wrapper: withPhone(phone) });
    await user.click(input());
    await user.keyboard('echo12');
    expect(input().value).toBe('12');
    rerender(<Dialpad entry="digits" format={false} mapLetters onValueChange={onValueChange} />);
    await user.keyboard('ADA');
    expect(input().value).toBe('12232');
    await user.click(screen.getByRole('button', { name: '1' }));
    await user.keyboard('b'); // typed on the pad (not the field): B is on 2
    expect(onValueChange).toHaveBeenLastCalledWith('1223212');
  });
});

describe('Dialpad (dial mode)', () => {
  it('has twelve keys with letters, enters digits by click and by keyboard, and calls the E.164 number', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    render(<Dialpad entry="digits" defaultCountry="US" />, { wrapper: withPhone(phone) });
    const pad = screen.getByRole('group', { name: 'Dialpad' });
    expect(pad.dataset.state).toBe('empty');
    expect(pad.dataset.mode).toBe('dial');
    for (const key of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']) screen.getByRole('button', { name: key });
    expect(screen.getByRole('button', { name: '2' }).textContent).toBe('2ABC');
    expect(isDisabled(screen.getByRole('button', { name: 'Call' }))).toBe(true);

    await user.click(screen.getByRole('button', { name: '2' }));
    await user.keyboard('025550123'); // focus is on the key: typing goes on
    await waitFor(() => expect(input().value).toBe('(202) 555-0123'));
    expect(pad.dataset.state).toBe('filled');
    await expectNoAxeViolations();

    await user.click(screen.getByRole('button', { name: 'Call' }));
    await waitFor(() => expect(line.sent({ type: 'dial' })).toHaveLength(1));
    expect(dialed(line)).toBe('+12025550123');
    expect(input().value).toBe('');
  });

  it('types into the field with formatting, Backspace removes digits (not formatting), Enter calls', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    const onValueChange = vi.fn();
    render(<Dialpad entry="digits" onValueChange={onValueChange} />, { wrapper: withPhone(phone) });
    await user.click(input());
    await user.keyboard('+4420794');
    await waitFor(() => expect(input().value).toBe('+44 20 794'));
    await user.keyboard('{Backspace}');
    expect(onValueChange).toHaveBeenLastCalledWith('+442079');
    await user.keyboard('{Backspace}{Backspace}'); // past the space the formatter put in: "+44 20 7" → "+44 20"
    expect(onValueChange).toHaveBeenLastCalledWith('+4420');
    await waitFor(() => expect(input().value).toBe('+44 20'));
    await user.keyboard('79460000{Enter}');
    await waitFor(() => expect(line.sent({ type: 'dial' })).toHaveLength(1));
    expect(dialed(line)).toBe('+442079460000');
  });

  it('Backspace after a closing formatting character removes the digit before it', async () => {
    const user = userEvent.setup();
    const { phone } = await testPhone();
    render(<Dialpad entry="digits" defaultCountry="US" />, { wrapper: withPhone(phone) });
    await user.click(input());
    await user.keyboard('202');
    await waitFor(() => expect(input().value).toBe('(202)'));
    await user.keyboard('{Backspace}');
    expect(input().value).toBe('20');
  });

  it('keeps only dialable characters from a paste', async () => {
    const user = userEvent.setup();
    const { phone } = await testPhone();
    const onValueChange = vi.fn();
    render(<Dialpad entry="digits" format={false} onValueChange={onValueChange} />, { wrapper: withPhone(phone) });
    await user.click(input());
    await user.paste('Call +1 (202) 555-0123 <script>');
    expect(onValueChange).toHaveBeenLastCalledWith('+12025550123');
    expect(input().value).toBe('+12025550123');
  });

  it('gives + by holding 0, and 0 by a short press', async () => {
    const user = userEvent.setup();
    const { phone } = await testPhone();
    render(<Dialpad entry="digits" format={false} longPressMs={60} />, { wrapper: withPhone(phone) });
    const zero = screen.getByRole('button', { name: '0' });
    await user.pointer({ keys: '[MouseLeft>]', target: zero });
    await act(() => new Promise((r) => setTimeout(r, 120)));
    await user.pointer({ keys: '[/MouseLeft]', target: zero });
    expect(input().value).toBe('+');
    await user.click(zero);
    expect(input().value).toBe('+0');
    await user.keyboard('+'); // + is only ever first
    expect(input().value).toBe('+0');
    await user.keyboard('{Backspace}{Backspace}+1');
    expect(input().value).toBe('+1');
  });

  it('loads the formatter lazily: nothing on render, once on the first keystroke', async () => {
    const user = userEvent.setup();
    const { phone } = await testPhone();
    const loader = vi.fn(loadPhoneNumberFormatter);
    render(<Dialpad entry="digits" loadFormatter={loader} defaultCountry="US" />, { wrapper: withPhone(phone) });
    expect(loader).not.toHaveBeenCalled();
    await user.click(input());
    expect(loader).not.toHaveBeenCalled();
    await user.keyboard('2');
    expect(loader).toHaveBeenCalledTimes(1);
    await user.keyboard('02555');
    await waitFor(() => expect(input().value).toBe('(202) 555'));
    expect(loader).toHaveBeenCalledTimes(1);
  });

  it('shows the core error for a destination it cannot call, as an alert', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    render(<Dialpad entry="digits" format={false} />, { wrapper: withPhone(phone) });
    await user.click(input());
    await user.keyboard('12*#{Enter}');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/destination|E\.164/i);
    expect(screen.getByRole('group', { name: 'Dialpad' }).dataset.state).toBe('error');
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(line.sent({ type: 'dial' })).toHaveLength(0);
    await expectNoAxeViolations();
    await user.keyboard('{Backspace}');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('hands the destination to onCall instead of calling', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    const onCall = vi.fn();
    render(<Dialpad entry="digits" onCall={onCall} />, { wrapper: withPhone(phone) });
    await user.click(input());
    await user.keyboard('+15550100002{Enter}');
    await waitFor(() => expect(onCall).toHaveBeenCalledWith('+15550100002'));
    expect(line.sent({ type: 'dial' })).toHaveLength(0);
  });

  it('reports every key entered, for local key tones', async () => {
    const user = userEvent.setup();
    const { phone } = await testPhone();
    const onKeyEntered = vi.fn();
    render(<Dialpad entry="digits" format={false} onKeyEntered={onKeyEntered} />, { wrapper: withPhone(phone) });
    await user.click(screen.getByRole('button', { name: '1' }));
    await user.keyboard('#');
    expect(onKeyEntered.mock.calls).toEqual([['1'], ['#']]);
  });

  it('is controlled by value', async () => {
    const { phone } = await testPhone();
    const onValueChange = vi.fn();
    render(<Dialpad entry="digits" value="+1555" format={false} onValueChange={onValueChange} />, { wrapper: withPhone(phone) });
    fireEvent.click(screen.getByRole('button', { name: '7' }));
    expect(onValueChange).toHaveBeenCalledWith('+15557');
    expect(input().value).toBe('+1555');
  });
});

describe('Dialpad (dtmf mode)', () => {
  it('sends each key as DTMF on the active call, and disables keys when the call cannot take tones', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone({ phone: { dtmf: { toneMs: 40, gapMs: 30 } } });
    const id = acted(() => activeOutgoing(phone, line));
    render(<Dialpad mode="dtmf" />, { wrapper: withPhone(phone) });
    const pad = screen.getByRole('group', { name: 'Keypad' });
    expect(pad.dataset.state).toBe('empty'); // no tone sent yet
    expect(screen.queryByRole('textbox')).toBeNull();
    await user.click(screen.getByRole('button', { name: '1' }));
    await user.keyboard('*');
    await user.click(screen.getByRole('button', { name: '0' }));
    await act(() => new Promise((r) => setTimeout(r, 400)));
    expect(line.sent({ type: 'sendDtmf' }).map((c) => c.args.slice(0, 2))).toEqual([
      [id, '1'],
      [id, '*'],
      [id, '0'],
    ]);
    await expectNoAxeViolations();
    act(() => phone.getCall(id)?.hold());
    expect(pad.dataset.state).toBe('filled'); // the tones sent
    const one = screen.getByRole('button', { name: '1' });
    expect(isDisabled(one)).toBe(true);
    expect(one.getAttribute('aria-description')).toBe('Not possible in the call’s current state.');
    await user.click(one);
    await user.keyboard('2');
    expect(line.sent({ type: 'sendDtmf' })).toHaveLength(3);
  });

  it('leaves the key tones to the media kit: one local tone per tone sent, none from the dialpad itself', async () => {
    const user = userEvent.setup();
    // A real browserMedia(); jsdom has no Web Audio, so the tone player is observed rather than heard.
    const media = browserMedia({ sounds: { ringtone: false, ringback: false } });
    const { phone, line } = await testPhone({ phone: { media, dtmf: { toneMs: 40, gapMs: 40 } } });
    const keyTone = vi.spyOn(media.sounds.call, 'keyTone').mockImplementation(() => {});
    acted(() => activeOutgoing(phone, line));
    const entered = vi.fn();
    render(<Dialpad mode="dtmf" onKeyEntered={entered} />, { wrapper: withPhone(phone) });
    await user.click(screen.getByRole('button', { name: '5' }));
    await user.keyboard('#');
    await act(() => new Promise((r) => setTimeout(r, 300)));
    expect(entered.mock.calls.map((c) => c[0])).toEqual(['5', '#']);
    expect(keyTone.mock.calls.map((c) => c[0])).toEqual(['5', '#']);
    phone.dispose();
  });
});

describe('Dialpad (warm start)', () => {
  it('warms the line up while focus is inside (once), releases it when focus leaves and on unmount; never without warmUp', async () => {
    const user = userEvent.setup();
    const { phone, line } = await testPhone();
    const release = vi.fn();
    const warmUp = vi.fn(() => release);
    Object.assign(line, { warmUp });
    const { rerender, unmount } = render(
      <>
        <Dialpad warmUp />
        <button type="button">elsewhere</button>
      </>,
      { wrapper: withPhone(phone) },
    );
    expect(warmUp).not.toHaveBeenCalled(); // nothing until the user is at the dial pad
    await user.click(screen.getByRole('textbox'));
    expect(warmUp).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('button', { name: '5' })); // focus moves within: still the same warm set
    await user.keyboard('55');
    expect(warmUp).toHaveBeenCalledTimes(1);
    expect(release).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'elsewhere' }));
    expect(release).toHaveBeenCalledTimes(1);
    await user.click(screen.getByRole('textbox'));
    expect(warmUp).toHaveBeenCalledTimes(2);
    rerender(
      <>
        <Dialpad />
        <button type="button">elsewhere</button>
      </>,
    );
    expect(release).toHaveBeenCalledTimes(2); // turned off: given back
    await user.click(screen.getByRole('button', { name: 'elsewhere' }));
    await user.click(screen.getByRole('textbox'));
    expect(warmUp).toHaveBeenCalledTimes(2);
    rerender(
      <>
        <Dialpad warmUp />
        <button type="button">elsewhere</button>
      </>,
    );
    await user.click(screen.getByRole('button', { name: 'elsewhere' }));
    expect(warmUp).toHaveBeenCalledTimes(2);
    await user.click(screen.getByRole('textbox'));
    expect(warmUp).toHaveBeenCalledTimes(3);
    unmount();
    expect(release).toHaveBeenCalledTimes(3);
  });
});
