import { createPhone, type Phone } from '@handset/core';
import { describeLine, phonePair } from '@handset/core/testing';
import { describe, test } from 'vitest';
import { sandbox } from '../src';
import { fastTiming, uniqueChannel } from './support/calls';

// The Line contract on the sandbox: two phones in one page stand for two tabs (BroadcastChannel between them).
describeLine(
  'sandbox (tab to tab, real WebRTC media)',
  {
    pair: () => {
      const channel = uniqueChannel();
      const [alice, bob] = ['alice', 'bob'].map((extension) => createPhone({ line: sandbox({ channel, extension, timing: fastTiming }) }));
      return phonePair([alice as Phone, bob as Phone], ['alice', 'bob']);
    },
  },
  { describe, test },
);
