import type { Meta, StoryObj } from '@storybook/react-vite';
import type { ComponentProps } from 'react';
import { expect, userEvent, waitFor } from 'storybook/test';
import { loadStoryPhone, type Scenario, type StoryPhone, StoryProvider, scenarioArgType } from '../stories/scenarios';
import { Dialpad } from './Dialpad';

type Args = ComponentProps<typeof Dialpad> & { scenario: Scenario };

const meta: Meta<Args> = {
  title: 'Components/Dialpad',
  component: Dialpad,
  argTypes: {
    scenario: scenarioArgType,
    mode: { control: 'inline-radio', options: ['dial', 'dtmf'] },
    defaultCountry: { control: 'text' },
  },
  args: { scenario: 'idle', mode: 'dial', entry: 'digits', defaultCountry: 'US' },
  loaders: [loadStoryPhone],
  render: ({ scenario: _scenario, ...props }, { loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    return (
      <StoryProvider story={story}>
        <Dialpad {...props} />
      </StoryProvider>
    );
  },
};
export default meta;
type Story = StoryObj<Args>;

export const Empty: Story = {};
export const TypeAndCall: Story = {
  play: async ({ canvas, loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    const input = canvas.getByRole('textbox', { name: 'Phone number' });
    await userEvent.click(input);
    await userEvent.keyboard('2025550123');
    await waitFor(() => expect(input).toHaveValue('(202) 555-0123'));
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(story.line.sent({ type: 'dial' })).toHaveLength(1));
    await expect(story.phone.activeCall?.state).toBe('dialing');
  },
};
export const International: Story = { args: { defaultValue: '+442079460000' } };
/** Names as well as numbers, for lines that call names (the sandbox's `echo`, SIP users and URIs). */
export const Names: Story = {
  args: { entry: 'names', defaultValue: 'sip:alice@example.com' },
  play: async ({ canvas }) => {
    const input = canvas.getByRole('textbox', { name: 'Number or name' });
    await expect(input).toHaveValue('sip:alice@example.com');
  },
};
/** Digits only, with letters typed mapped to their keys (`FLOWERS` → `3569377`). */
export const LettersOnTheKeypad: Story = {
  args: { mapLetters: true, format: false },
  play: async ({ canvas }) => {
    const input = canvas.getByRole('textbox', { name: 'Phone number' });
    await userEvent.click(input);
    await userEvent.keyboard('1800FLOWERS');
    await expect(input).toHaveValue('18003569377');
  },
};
export const InvalidNumber: Story = {
  args: { defaultValue: '12*#', format: false },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Call' }));
    await expect(await canvas.findByRole('alert')).toBeVisible();
  },
};
export const InCallActive: Story = {
  args: { scenario: 'active', mode: 'dtmf' },
  play: async ({ canvas, loaded }) => {
    const { story } = loaded as { story: StoryPhone };
    await userEvent.click(canvas.getByRole('button', { name: '1' }));
    await userEvent.keyboard('#');
    await waitFor(() => expect(story.line.sent({ type: 'sendDtmf' })).toHaveLength(2));
  },
};
export const InCallHeld: Story = {
  args: { scenario: 'held', mode: 'dtmf' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: '1' })).toHaveAttribute('aria-disabled', 'true');
  },
};
export const Dark: Story = {
  globals: { backgrounds: { value: 'dark' } },
  decorators: [
    (Story) => (
      <div data-hs-theme="dark" style={{ background: '#0c111d', padding: 16 }}>
        <Story />
      </div>
    ),
  ],
};
