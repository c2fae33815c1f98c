import { createPhone, type Phone, type PhoneOptions } from '@handset/core';
import type { BrowserMedia } from '@handset/core/media';
import { ScriptedLine } from '@handset/core/testing';
import { act, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { usePhone } from '../hooks/usePhone';
import { useRegistration } from '../hooks/useRegistration';
import { TestMedia } from '../test/media';
import { PhoneProvider } from './PhoneProvider';

function Registration() {
  const { state } = useRegistration();
  return <p>registration: {state}</p>;
}

function Probe({ seen }: { seen: { phone: unknown } }) {
  seen.phone = usePhone();
  return null;
}

const flushTasks = () => act(() => new Promise<void>((resolve) => setTimeout(resolve, 5)));

describe('PhoneProvider', () => {
  it('creates a phone from options, registers once under StrictMode and leaves one line started', async () => {
    const line = new ScriptedLine();
    const { unmount } = render(
      <StrictMode>
        <PhoneProvider options={{ line }}>
          <Registration />
        </PhoneProvider>
      </StrictMode>,
    );
    await flushTasks();
    expect(screen.getByText('registration: registered')).toBeTruthy();
    expect(line.sent({ type: 'start' })).toHaveLength(1);
    expect(line.sent({ type: 'register' })).toHaveLength(1);
    // StrictMode's simulated unmount must not have disposed the phone that stays mounted.
    expect(line.sent({ type: 'dispose' })).toHaveLength(0);
    expect(line.sent({ type: 'unregister' })).toHaveLength(0);

    unmount();
    await flushTasks();
    expect(line.sent({ type: 'unregister' })).toHaveLength(1);
    expect(line.sent({ type: 'dispose' })).toHaveLength(1);
  });

  it('registers once under StrictMode while registration is still pending', async () => {
    const line = new ScriptedLine({ autoRegister: false });
    render(
      <StrictMode>
        <PhoneProvider options={{ line }}>
          <Registration />
        </PhoneProvider>
      </StrictMode>,
    );
    await flushTasks();
    expect(screen.getByText('registration: registering')).toBeTruthy();
    expect(line.sent({ type: 'register' })).toHaveLength(1);
    act(() => line.signal({ type: 'registration', state: 'registered' }));
    expect(screen.getByText('registration: registered')).toBeTruthy();
  });

  it('uses a phone the app made, connects it, and never disposes it', async () => {
    const line = new ScriptedLine();
    const phone = createPhone({ line });
    const seen: { phone: unknown } = { phone: null };
    const { unmount } = render(
      <StrictMode>
        <PhoneProvider phone={phone}>
          <Probe seen={seen} />
        </PhoneProvider>
      </StrictMode>,
    );
    await flushTasks();
    expect(seen.phone).toBe(phone);
    expect(phone.registration).toBe('registered');
    expect(line.sent({ type: 'register' })).toHaveLength(1);
    unmount();
    await flushTasks();
    expect(line.sent({ type: 'dispose' })).toHaveLength(0);
    expect(phone.registration).toBe('registered');
  });

  it('does not connect with connect={false}, and disconnects when connect turns false', async () => {
    const line = new ScriptedLine();
    const { rerender } = render(
      <PhoneProvider options={{ line }} connect={false}>
        <Registration />
      </PhoneProvider>,
    );
    await flushTasks();
    expect(line.sent({ type: 'register' })).toHaveLength(0);
    expect(screen.getByText('registration: unregistered')).toBeTruthy();

    rerender(
      <PhoneProvider options={{ line }} connect>
        <Registration />
      </PhoneProvider>,
    );
    await flushTasks();
    expect(screen.getByText('registration: registered')).toBeTruthy();

    rerender(
      <PhoneProvider options={{ line }} connect={false}>
        <Registration />
      </PhoneProvider>,
    );
    await flushTasks();
    expect(line.sent({ type: 'unregister' })).toHaveLength(1);
  });

  it('gives a phone it creates the browser media kit, loaded on mount; unless options.media is given or media={false}', async () => {
    const seen: { phone: unknown } = { phone: null };
    const media = new TestMedia();
    const line = new ScriptedLine();
    const { unmount } = render(
      <PhoneProvider options={{ line }}>
        <Probe seen={seen} />
        <Registration />
      </PhoneProvider>,
    );
    // The kit's module arrives by import(); then the provider's phone has it, and that phone connects.
    await waitFor(() => expect((seen.phone as Phone).media).toBeDefined());
    const kit = (seen.phone as Phone).media as BrowserMedia;
    expect(typeof kit.callMeter).toBe('function');
    expect(typeof kit.watchDevices).toBe('function');
    await waitFor(() => expect(screen.getByText('registration: registered')).toBeTruthy());
    expect(line.sent({ type: 'start' })).toHaveLength(1);
    unmount();

    const renderWith = (props: { options: PhoneOptions; media?: false }) => {
      const { unmount } = render(
        <PhoneProvider {...props} connect={false}>
          <Probe seen={seen} />
        </PhoneProvider>,
      );
      const kit = (seen.phone as Phone).media;
      unmount();
      return kit;
    };
    expect(renderWith({ options: { line: new ScriptedLine(), media } })).toBe(media);
    expect(renderWith({ options: { line: new ScriptedLine() }, media: false })).toBeUndefined();
    // Once loaded, the next provider has its kit on the first render.
    expect(typeof (renderWith({ options: { line: new ScriptedLine() } }) as BrowserMedia | undefined)?.callMeter).toBe('function');
    await flushTasks();
  });
});
