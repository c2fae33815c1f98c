import {
  type Call,
  type CallOptions,
  type CallQualitySnapshot,
  createPhone,
  type MediaSnapshot,
  type Phone,
  type PhoneMedia,
} from '@handset/core';
import { type MediaStoreWriter, mediaStoreWriter } from '@handset/core/media';
import { ScriptedLine } from '@handset/core/testing';
import type { Meta } from '@storybook/react-vite';
import type { ComponentType, ReactNode } from 'react';
import { PhoneProvider } from '../context/PhoneProvider';

/** Every call state a story can show. Each is reached through the core's public API on a scripted line. */
export const scenarios = [
  'idle',
  'dialing',
  'ringing',
  'earlyMedia',
  'connecting',
  'incoming',
  'callWaiting',
  'active',
  'muted',
  'held',
  'remoteHold',
  'reconnecting',
  'ended',
] as const;
export type Scenario = (typeof scenarios)[number];

export interface StoryPhone {
  readonly phone: Phone;
  readonly line: ScriptedLine;
  /** The call the scenario is about (the waiting call for `callWaiting`), if any. */
  readonly callId: string | null;
  /** Rings a new incoming call in, as the line would. */
  ringIn(from?: { number: string; name?: string }): string;
}

const slow: CallOptions = { timeoutSecs: 600 }; // a dialing story must not time out while someone looks at it
let counter = 0;

/**
 * A media kit for stories, through the core's public `PhoneMedia` contract: the phone gives it the host
 * that writes `store.media` and `store.quality` (as `browserMedia()` does from getStats and autoplay
 * refusals), and its `callMeter` delivers a synthetic voice per animation frame. Stories need no
 * microphone, no WebRTC and no sound, yet the components read the store exactly as with the real kit.
 */
export interface StoryMedia extends PhoneMedia {
  /** Publishes a quality reading for a call, as the real kit does once a second. */
  quality(callId: string, quality: Omit<CallQualitySnapshot, 'sample' | 'level'>): void;
  media(patch: Partial<MediaSnapshot>): void;
  callMeter(call: Call, side: 'input' | 'output'): { subscribe(listener: (level: number) => void): () => void };
  resumeAudio(): Promise<void>;
  readonly resumes: number;
}

export function storyMedia(): StoryMedia {
  let host: MediaStoreWriter | undefined;
  let resumes = 0;
  const level = (mos: number | null) =>
    mos === null ? null : mos >= 4.2 ? 'excellent' : mos >= 3.6 ? 'good' : mos >= 3.1 ? 'fair' : 'poor';
  return {
    attach: (h) => {
      host = mediaStoreWriter(h);
    },
    getLocalStream: () => Promise.reject(new Error('Stories have no microphone.')),
    addCall: () => {},
    endCall: (call) => {
      host?.setQuality(call.id, null);
      return undefined;
    },
    dispose: () => {},
    quality: (callId, { mos, warnings }) => host?.setQuality(callId, { sample: null, mos, level: level(mos), warnings }),
    media: (patch) => host?.setMedia(patch),
    callMeter: (_call, side) => ({
      subscribe(listener) {
        const peak = side === 'input' ? 0.8 : 0.5;
        let handle = requestAnimationFrame(function tick(time) {
          listener(peak * Math.abs(Math.sin(time / 180)) * Math.abs(Math.sin(time / 1100)));
          handle = requestAnimationFrame(tick);
        });
        return () => cancelAnimationFrame(handle);
      },
    }),
    resumeAudio: async () => {
      resumes++;
      host?.setMedia({ ringtoneBlocked: false, audioBlocked: false });
    },
    get resumes() {
      return resumes;
    },
  };
}

/** A connected phone on a ScriptedLine, put into `scenario` by commands and line signals only. */
export function phoneIn(scenario: Scenario, caller = { number: '+15550100009', name: 'Ada Lovelace' }, media?: PhoneMedia): StoryPhone {
  const line = new ScriptedLine();
  const phone = createPhone({ line, dtmf: { toneMs: 80, gapMs: 60 }, ...(media ? { media } : {}) });
  void phone.connect(); // the scripted line registers at once
  const ringIn = (from: { number: string; name?: string } = caller) => {
    const callId = `story-in-${++counter}`;
    line.signal({ type: 'incoming', callId, from });
    return callId;
  };
  const outgoing = () => phone.call('+442079460000', slow).id;
  const answered = () => {
    const id = outgoing();
    line.signal({ type: 'ringing', callId: id, earlyMedia: false });
    line.signal({ type: 'connected', callId: id, codec: 'opus' });
    return id;
  };
  let callId: string | null = null;
  switch (scenario) {
    case 'idle':
      break;
    case 'dialing':
      callId = outgoing();
      break;
    case 'ringing':
    case 'earlyMedia':
      callId = outgoing();
      line.signal({ type: 'ringing', callId, earlyMedia: scenario === 'earlyMedia' });
      break;
    case 'connecting':
      callId = outgoing();
      line.signal({ type: 'answered', callId });
      break;
    case 'incoming':
      callId = ringIn();
      break;
    case 'callWaiting':
      answered();
      callId = ringIn({ number: '+15550100008', name: 'Grace Hopper' });
      break;
    case 'active':
      callId = answered();
      break;
    case 'muted':
      callId = answered();
      phone.getCall(callId)?.mute();
      break;
    case 'held':
      callId = answered();
      phone.getCall(callId)?.hold();
      break;
    case 'remoteHold':
      callId = answered();
      line.signal({ type: 'remoteHold', callId, held: true });
      break;
    case 'reconnecting':
      callId = answered();
      line.signal({ type: 'reconnecting', callId });
      break;
    case 'ended':
      callId = answered();
      line.signal({ type: 'ended', callId, end: { reason: 'hangup' } });
      break;
  }
  return { phone, line, callId, ringIn };
}

/** Renders children inside a PhoneProvider for the story's phone. */
export function StoryProvider({ story, children }: { story: StoryPhone; children?: ReactNode }) {
  return <PhoneProvider phone={story.phone}>{children}</PhoneProvider>;
}

/** Storybook loader: a fresh phone in the story's `scenario` arg for each render. */
export const loadStoryPhone = async ({ args }: { args: { scenario?: Scenario } }): Promise<{ story: StoryPhone }> => ({
  story: phoneIn(args.scenario ?? 'idle'),
});

export const scenarioArgType = {
  control: 'select',
  options: scenarios,
  description: 'Call state, reached through the core API on a scripted line (story-only arg).',
  table: { category: 'Story' },
} as const;

/**
 * The meta (all but its title, which Storybook reads from the file) of a story for a component that shows one call (`callId`; the active call when omitted): each story
 * picks a `scenario`, and the ended one names its call, as the active call is gone by then.
 */
export function callComponentMeta<Args extends { callId?: string | null | undefined; scenario: Scenario }>(
  Component: ComponentType<Omit<Args, 'scenario'>>,
): Meta<Args> {
  const render = ({ scenario, ...props }: Args, { loaded }: { loaded: Record<string, unknown> }) => {
    const { story } = loaded as { story: StoryPhone };
    return (
      <StoryProvider story={story}>
        <Component {...(props as Omit<Args, 'scenario'>)} callId={scenario === 'ended' ? story.callId : undefined} />
      </StoryProvider>
    );
  };
  return { component: Component, argTypes: { scenario: scenarioArgType }, loaders: [loadStoryPhone], render } as unknown as Meta<Args>;
}
