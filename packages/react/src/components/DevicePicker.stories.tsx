import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ComponentProps } from 'react';
import { expect, userEvent, waitFor } from 'storybook/test';
import { TestDevices } from '../test/devices';
import { DevicePicker } from './DevicePicker';

type Args = ComponentProps<typeof DevicePicker> & { permission: 'prompt' | 'granted' | 'denied'; sinkSupported: boolean };

// A stand-in with the core's Devices contract until the core exports createDevices (issue 4).
const meta: Meta<Args> = {
  title: 'Components/DevicePicker',
  component: DevicePicker,
  args: { kind: 'microphone', permission: 'prompt', sinkSupported: true },
  argTypes: { kind: { control: 'inline-radio', options: ['microphone', 'speaker', 'ringtone'] }, devices: { control: false } },
  loaders: [async ({ args }) => ({ devices: new TestDevices({ permission: args.permission, sinkSupported: args.sinkSupported }) })],
  render: ({ permission: _p, sinkSupported: _s, devices: _d, ...props }, { loaded }) => (
    <DevicePicker devices={(loaded as { devices: TestDevices }).devices} {...props} />
  ),
};
export default meta;
type Story = StoryObj<Args>;

export const MicrophoneBeforePermission: Story = {
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Allow microphone' }));
    await waitFor(() => expect(canvas.getByRole('option', { name: 'USB Headset' })).toBeInTheDocument());
  },
};
export const MicrophoneGranted: Story = { args: { permission: 'granted' } };
export const Speaker: Story = { args: { kind: 'speaker', permission: 'granted' } };
export const Ringtone: Story = { args: { kind: 'ringtone', permission: 'granted' } };
export const SpeakerUnsupported: Story = { args: { kind: 'speaker', permission: 'granted', sinkSupported: false } };
