import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ComponentProps } from 'react';
import { expect, userEvent, waitFor } from 'storybook/test';
import { callComponentMeta, type Scenario, type StoryPhone } from '../stories/scenarios';
import { CallControls } from './CallControls';

type Args = ComponentProps<typeof CallControls> & { scenario: Scenario };

const meta: Meta<Args> = { title: 'Components/CallControls', ...callComponentMeta<Args>(CallControls) };
export default meta;
type Story = StoryObj<Args>;

export const Idle: Story = { args: { scenario: 'idle' } };
export const Dialing: Story = { args: { scenario: 'dialing' } };
export const Ringing: Story = { args: { scenario: 'ringing' } };
export const Active: Story = {
  args: { scenario: 'active' },
  play: async ({ canvas, loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    const mute = canvas.getByRole('button', { name: 'Mute' });
    await userEvent.click(mute);
    await expect(mute).toHaveAttribute('aria-pressed', 'true');
    await expect(story.line.sent({ type: 'setMuted' })).toHaveLength(1);
    await userEvent.click(mute);
    await expect(mute).toHaveAttribute('aria-pressed', 'false');
  },
};
export const Muted: Story = { args: { scenario: 'muted' } };
export const Held: Story = {
  args: { scenario: 'held' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Hold' })).toHaveAttribute('aria-pressed', 'true');
    await expect(canvas.getByRole('button', { name: 'Keypad' })).toHaveAttribute('aria-disabled', 'true');
  },
};
export const RemoteHold: Story = { args: { scenario: 'remoteHold' } };
export const Reconnecting: Story = { args: { scenario: 'reconnecting' } };
export const Ended: Story = { args: { scenario: 'ended' } };
export const KeypadOpen: Story = {
  args: { scenario: 'active', defaultKeypadOpen: true },
  play: async ({ canvas, loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    await userEvent.click(canvas.getByRole('button', { name: '5' }));
    await waitFor(() => expect(story.line.sent({ type: 'sendDtmf' })).toHaveLength(1));
    await expect(canvas.getByRole('status', { name: 'Tones sent' })).toHaveTextContent('5');
  },
};
export const HangUp: Story = {
  args: { scenario: 'active' },
  play: async ({ canvas, loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    await userEvent.click(canvas.getByRole('button', { name: 'Hang up' }));
    await expect(story.line.sent({ type: 'hangup' })).toHaveLength(1);
    await expect(canvas.getByRole('group', { name: 'Call controls' })).toHaveAttribute('data-state', 'idle');
  },
};
