import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ComponentProps } from 'react';
import { expect, waitFor } from 'storybook/test';
import { callComponentMeta, type Scenario } from '../stories/scenarios';
import { CallTimer } from './CallTimer';

type Args = ComponentProps<typeof CallTimer> & { scenario: Scenario };

const meta: Meta<Args> = { title: 'Components/CallTimer', ...callComponentMeta<Args>(CallTimer) };
export default meta;
type Story = StoryObj<Args>;

export const Idle: Story = { args: { scenario: 'idle' } };
export const Ringing: Story = {
  args: { scenario: 'ringing' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('timer')).toHaveTextContent('0:00');
  },
};
export const Active: Story = {
  args: { scenario: 'active' },
  play: async ({ canvas }) => {
    const timer = canvas.getByRole('timer');
    await waitFor(() => expect(timer).toHaveTextContent('0:01'), { timeout: 2500 });
  },
};
export const Held: Story = { args: { scenario: 'held' } };
export const Ended: Story = { args: { scenario: 'ended' } };
export const LongFormat: Story = { args: { scenario: 'active', format: (s: number) => `${s} s` } };
