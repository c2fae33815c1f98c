import { browserMedia } from '@handset/core/media';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../test/axe';
import { TestDevices } from '../test/devices';
import { fakeMediaDevices } from '../test/media';
import { testPhone } from '../test/phone';
import { withPhone } from '../test/render';
import { DevicePicker } from './DevicePicker';

describe('DevicePicker', () => {
  it('asks for permission, then lists named devices and selects one', async () => {
    const user = userEvent.setup();
    const devices = new TestDevices();
    render(<DevicePicker devices={devices} kind="microphone" className="mine" />);
    const select = screen.getByRole('combobox', { name: 'Microphone' }) as HTMLSelectElement;
    await waitFor(() => expect(select.options).toHaveLength(3));
    expect([...select.options].map((o) => o.text)).toEqual(['System default', 'Microphone 1', 'Microphone 2']);
    const root = select.closest('.hs-device-picker') as HTMLElement;
    expect(root.dataset.state).toBe('prompt');
    expect(root.className).toBe('hs-device-picker mine');
    await expectNoAxeViolations();

    await user.click(screen.getByRole('button', { name: 'Allow microphone' }));
    await waitFor(() => expect(select.options[2]?.text).toBe('USB Headset'));
    expect(root.dataset.state).toBe('granted');
    expect(screen.queryByRole('button', { name: 'Allow microphone' })).toBeNull();

    await user.selectOptions(select, 'USB Headset');
    await waitFor(() => expect(devices.getSnapshot().microphoneId).toBe('mic-2'));
    expect(select.value).toBe('mic-2');
    await user.selectOptions(select, 'System default');
    await waitFor(() => expect(devices.getSnapshot().microphoneId).toBeNull());
  });

  it('sets the speaker and the ringtone device apart', async () => {
    const user = userEvent.setup();
    const devices = new TestDevices({ permission: 'granted' });
    render(
      <>
        <DevicePicker devices={devices} kind="speaker" />
        <DevicePicker devices={devices} kind="ringtone" />
      </>,
    );
    const ringtone = screen.getByRole('combobox', { name: 'Ringtone device' });
    await waitFor(() => expect((ringtone as HTMLSelectElement).options).toHaveLength(3));
    await user.selectOptions(ringtone, 'spk-2');
    await waitFor(() => expect(devices.getSnapshot().ringtoneSpeakerId).toBe('spk-2'));
    expect(devices.getSnapshot().speakerId).toBeNull();
    expect((screen.getByRole('combobox', { name: 'Speaker' }) as HTMLSelectElement).value).toBe('');
  });

  it('hides speaker pickers where the browser cannot route audio, or disables them on request', async () => {
    const devices = new TestDevices({ sinkSupported: false, permission: 'granted' });
    const { rerender } = render(<DevicePicker devices={devices} kind="speaker" />);
    expect(screen.queryByRole('combobox', { name: 'Speaker' })).toBeNull();
    rerender(<DevicePicker devices={devices} kind="speaker" unsupported="disable" />);
    const select = screen.getByRole('combobox', { name: 'Speaker' });
    expect(select).toHaveProperty('disabled', true);
    expect(select.closest('.hs-device-picker')?.getAttribute('data-state')).toBe('unsupported');
  });

  it("uses the phone's media kit by default, and hides the speaker picker where sinks are unsupported", async () => {
    const user = userEvent.setup();
    const fake = fakeMediaDevices();
    const media = browserMedia({ devices: { mediaDevices: fake.mediaDevices, permissions: null, sinkSupported: false } });
    const { phone } = await testPhone({ phone: { media } });
    render(
      <>
        <DevicePicker kind="microphone" />
        <DevicePicker kind="speaker" />
      </>,
      { wrapper: withPhone(phone) },
    );
    const select = screen.getByRole('combobox', { name: 'Microphone' }) as HTMLSelectElement;
    expect(screen.queryByRole('combobox', { name: 'Speaker' })).toBeNull();
    await waitFor(() => expect(fake.calls.enumerate).toBeGreaterThan(0));
    expect(select.options).toHaveLength(1); // the browser lists no ids before permission
    await user.click(screen.getByRole('button', { name: 'Allow microphone' }));
    await waitFor(() => expect(select.options[3]?.text).toBe('USB Headset'));
    expect(fake.calls.getUserMedia).toBe(1);
    await user.selectOptions(select, 'USB Headset');
    await waitFor(() => expect(media.devices.getSnapshot().microphoneId).toBe('mic-2'));
    await expectNoAxeViolations();
    phone.dispose();
  });
});
