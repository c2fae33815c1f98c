import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import type { LevelSource } from '../hooks/useAudioLevel';
import { phoneIn, StoryProvider, storyMedia } from '../stories/scenarios';
import { VolumeMeter } from './VolumeMeter';

/** A synthetic level, once per animation frame, like the core's LevelMeter on a speaking voice. */
function syntheticVoice(peak = 0.8): LevelSource {
  return {
    subscribe(listener) {
      let handle = requestAnimationFrame(function tick(time) {
        const syllables = Math.abs(Math.sin(time / 180)) * Math.abs(Math.sin(time / 1100));
        listener(peak * syllables);
        handle = requestAnimationFrame(tick);
      });
      return () => cancelAnimationFrame(handle);
    },
  };
}

const meta: Meta<typeof VolumeMeter> = {
  title: 'Components/VolumeMeter',
  component: VolumeMeter,
  args: { label: 'Microphone level' },
};
export default meta;
type Story = StoryObj<typeof VolumeMeter>;

export const Speaking: Story = {
  args: { source: syntheticVoice() },
  play: async ({ canvas }) => {
    const meter = canvas.getByRole('meter', { name: 'Microphone level' });
    await waitFor(() => expect(meter).toHaveAttribute('data-state', 'active'), { timeout: 3000 });
  },
};
export const Quiet: Story = { args: { source: syntheticVoice(0.04), label: 'Speaker level' } };
export const NoSource: Story = { args: { source: null } };

/** Live, as in an app: `side="input"` / `side="output"` meter the active call through the phone's media kit (a story kit here). */
export const ActiveCallBothSides: Story = {
  args: { source: undefined },
  loaders: [async () => ({ story: phoneIn('active', undefined, storyMedia()) })],
  render: (args, { loaded }) => (
    <StoryProvider story={loaded.story}>
      <div style={{ display: 'grid', gap: 8 }}>
        <VolumeMeter {...args} side="input" label="Microphone level" />
        <VolumeMeter {...args} side="output" label="Caller level" />
      </div>
    </StoryProvider>
  ),
  play: async ({ canvas }) => {
    for (const name of ['Microphone level', 'Caller level']) {
      const meter = canvas.getByRole('meter', { name });
      await waitFor(() => expect(meter).toHaveAttribute('data-state', 'active'), { timeout: 3000 });
    }
  },
};
