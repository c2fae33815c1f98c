import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { QualityIndicator } from './QualityIndicator';

const meta: Meta<typeof QualityIndicator> = {
  title: 'Components/QualityIndicator',
  component: QualityIndicator,
};
export default meta;
type Story = StoryObj<typeof QualityIndicator>;

export const NoSampleYet: Story = { args: { quality: { mos: null, warnings: [] } } };
export const Excellent: Story = { args: { quality: { mos: 4.4, warnings: [] } } };
export const Good: Story = { args: { quality: { mos: 3.9, warnings: [] } } };
export const Fair: Story = { args: { quality: { mos: 3.3, warnings: ['high-jitter'] } } };
export const PoorWithWarnings: Story = {
  args: { quality: { mos: 2.4, warnings: ['high-packet-loss', 'high-rtt', 'low-mos'] } },
  play: async ({ canvas }) => {
    const indicator = canvas.getByRole('img');
    await expect(indicator).toHaveAttribute('data-state', 'poor');
    await expect(indicator).toHaveAccessibleName('Call quality: poor. Audio packets lost. High latency. Poor call quality');
  },
};
