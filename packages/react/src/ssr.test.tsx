import { createPhone, type Phone } from '@handset/core';
import { ScriptedLine } from '@handset/core/testing';
import { act } from '@testing-library/react';
import { createElement, type ElementType, type ReactElement, version as reactVersion } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as kit from './index';

// Every component @handset/react exports is rendered to a string, as a server would, then hydrated over that
// markup in jsdom, as the browser would: React must report no mismatch (no recoverable error, no console error).
// The list is read from the package's exports, so a new component is covered (or fails here) without an edit.

const exported = kit as unknown as Record<string, unknown>;

const reactTypes = new Set(['react.forward_ref', 'react.memo', 'react.lazy'].map((name) => Symbol.for(name)));
function isComponent(value: unknown): value is ElementType {
  if (typeof value === 'function') return true;
  return typeof value === 'object' && value !== null && reactTypes.has((value as { $$typeof?: symbol }).$$typeof as symbol);
}
const isPascalCase = (name: string) => /^[A-Z]/.test(name);

/** Exported components by name; PhoneProvider is the frame every other one renders in. */
const components = Object.entries(exported)
  .filter(([name, value]) => isPascalCase(name) && isComponent(value) && name !== 'PhoneProvider')
  .map(([name, value]) => [name, value as ElementType] as const);

/** Props a component cannot render without. */
const requiredProps: Record<string, Record<string, unknown>> = {
  DevicePicker: { kind: 'microphone' },
  TransferButton: { destination: 'bob', children: 'Transfer' },
};
/** Parts that only render inside their root. */
const insideIncomingCallRoot = (name: string) =>
  name.startsWith('IncomingCall') && name !== 'IncomingCallRoot' && name !== 'IncomingCallDialog';

function elementFor(name: string, component: ElementType): ReactElement {
  const element = createElement(component, requiredProps[name] ?? {});
  const root = exported.IncomingCallRoot as ElementType | undefined;
  return insideIncomingCallRoot(name) && root ? createElement(root, null, element) : element;
}

interface Scenario {
  readonly name: string;
  /** The tree for one component: the server's and the browser's are made separately, as they would be. */
  frame(child: ReactElement): ReactElement;
}

const Provider = kit.PhoneProvider;

/** Before anything happened: the provider makes its own phone on each side (the server's never connects). */
const fresh: Scenario = {
  name: 'a phone the provider makes',
  frame: (child) => <Provider options={{ line: new ScriptedLine() }}>{child}</Provider>,
};

/**
 * A call in progress (answered 65 s ago) and a second one ringing, in a phone both sides share: the server
 * renders the store's initial snapshot, hydration reads that same snapshot first, then the live state.
 * Time is frozen so that the timer reads the same whenever the test runs.
 */
async function inCall(): Promise<Scenario & { phone: Phone }> {
  const line = new ScriptedLine();
  const phone = createPhone({ line });
  await phone.connect();
  const active = phone.call('+15550100002');
  line.signal({ type: 'ringing', callId: active.id, earlyMedia: false });
  line.signal({ type: 'connected', callId: active.id, codec: 'opus' });
  vi.setSystemTime(Date.now() + 65_000);
  line.signal({ type: 'incoming', callId: 'waiting', from: { number: '+15550100001', name: 'Ada Lovelace' } });
  return { name: 'a call in progress and one waiting', phone, frame: (child) => <Provider phone={phone}>{child}</Provider> };
}

/** Hydrates server markup in a fresh container and returns every mismatch React reported. */
async function hydrationProblems(html: string, element: ReactElement): Promise<unknown[]> {
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.append(container);
  const problems: unknown[] = [];
  const consoleError = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    problems.push(args.map(String).join(' '));
  });
  try {
    let root: ReturnType<typeof hydrateRoot> | undefined;
    await act(async () => {
      root = hydrateRoot(container, element, { onRecoverableError: (error) => problems.push(error) });
    });
    await act(async () => root?.unmount());
  } finally {
    consoleError.mockRestore();
    container.remove();
  }
  return problems;
}

describe('server rendering and hydration', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it(`runs on React ${process.env.HANDSET_REACT ?? '19'}`, async () => {
    const { version: domVersion } = await import('react-dom');
    const major = process.env.HANDSET_REACT ?? '19';
    expect(reactVersion.split('.')[0]).toBe(major);
    expect(domVersion).toBe(reactVersion);
  });

  it('sees a mismatch when there is one (the check below can fail)', async () => {
    const problems = await hydrationProblems(renderToString(<span>server</span>), <span>browser</span>);
    expect(problems.length).toBeGreaterThan(0);
  });

  it('finds the components the package exports', () => {
    const names = components.map(([name]) => name);
    // The core set, so that a broken export list cannot make this test vacuous.
    expect(names).toEqual(
      expect.arrayContaining(['CallControls', 'CallStatus', 'CallTimer', 'Dialpad', 'IncomingCallDialog', 'VolumeMeter']),
    );
    // Compound namespaces (IncomingCall.Root, ...) hold only components that are also exported by name.
    for (const [name, value] of Object.entries(exported)) {
      if (!isPascalCase(name) || isComponent(value) || typeof value !== 'object' || value === null) continue;
      for (const part of Object.values(value)) {
        if (isComponent(part)) expect(components.map(([, c]) => c)).toContain(part);
      }
    }
  });

  for (const [name, component] of components) {
    it(`${name}: renders on the server and hydrates without a mismatch, before and during calls`, async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const scenarios: Scenario[] = [fresh, await inCall()];
      for (const scenario of scenarios) {
        const html = renderToString(scenario.frame(elementFor(name, component)));
        const problems = await hydrationProblems(html, scenario.frame(elementFor(name, component)));
        expect({ scenario: scenario.name, problems }).toEqual({ scenario: scenario.name, problems: [] });
      }
    });
  }

  it('renders the initial state of the store on the server, and the live call once hydrated', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const scenario = await inCall();
    const ui = () =>
      scenario.frame(
        <>
          <kit.CallStatus />
          <kit.CallTimer />
          <kit.IncomingCallRoot>
            <kit.IncomingCallCaller />
          </kit.IncomingCallRoot>
        </>,
      );
    // The server cannot know the browser's phone: it renders the initial snapshot, which hydration reads first.
    const html = renderToString(ui());
    expect(html).toMatch(/class="hs-call-status"[^>]*data-state="idle"/);
    expect(html).not.toContain('Ada Lovelace');

    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
    const problems: unknown[] = [];
    const root = await act(async () => hydrateRoot(container, ui(), { onRecoverableError: (error) => problems.push(error) }));
    expect(problems).toEqual([]);
    expect(container.querySelector('.hs-call-status')?.getAttribute('data-state')).toBe('active');
    expect(container.querySelector('.hs-call-timer')?.textContent).toBe('1:05');
    expect(container.textContent).toContain('Ada Lovelace');
    await act(async () => root.unmount());
    container.remove();
    scenario.phone.dispose();
  });

  it('starts nothing on the server: a provider that renders to a string never connects its line', () => {
    const line = new ScriptedLine();
    renderToString(
      <Provider options={{ line }}>
        {components.map(([name, component]) => (
          <div key={name}>{elementFor(name, component)}</div>
        ))}
      </Provider>,
    );
    expect(line.commands).toEqual([]);
  });
});
