import { type ReactNode, useId } from 'react';
import type { LineChange } from './App';
import { AudioSettings } from './AudioSettings';
import { LineForm } from './LineForm';
import { NotificationSetting } from './NotificationSetting';
import type { LineSettings } from './settings';

/** The settings screen: audio devices, the line, and notifications. */
export function SettingsScreen({ line, onLineChange }: { line: LineSettings; onLineChange: LineChange }): ReactNode {
  const headingId = useId();
  return (
    <section className="demo-screen demo-settings" aria-labelledby={headingId} data-testid="settings">
      <h2 id={headingId}>Settings</h2>
      <AudioSettings />
      <LineForm line={line} onLineChange={onLineChange} />
      <NotificationSetting />
    </section>
  );
}
