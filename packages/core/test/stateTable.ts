import { type CallEvent, callTransitions } from '../src/call/transitions';
import type { CallState } from '../src/call/types';

/** The transition table as Markdown: one row per state, its allowed events and where they lead. */
export function callStateTableMarkdown(): string {
  const rows = (Object.entries(callTransitions) as [CallState, Partial<Record<CallEvent, CallState>>][]).map(([state, row]) => {
    const moves = Object.entries(row)
      .map(([event, next]) => (next === state ? `\`${event}\`` : `\`${event}\` → ${next}`))
      .join(', ');
    return `| \`${state}\` | ${moves || '— (final)'} |`;
  });
  return ['| state | allowed events (→ next state; no arrow: stays) |', '| --- | --- |', ...rows].join('\n');
}
