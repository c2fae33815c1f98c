import { createPhone } from '@handset/core';
import { contractPhone, describeLine } from '@handset/core/testing';
import { describe, test } from 'vitest';
import { sandbox } from '../src';
import { fastTiming, uniqueChannel } from './support/calls';

// The Line contract on the sandbox: two phones in one page stand for two tabs (BroadcastChannel between them).
describeLine(
  'sandbox (tab to tab, real WebRTC media)',
  {
    pair: async () => {
      const channel = uniqueChannel();
      const phones = ['alice', 'bob'].map((extension) => createPhone({ line: sandbox({ channel, extension, timing: fastTiming }) }));
      await Promise.all(phones.map((phone) => phone.connect()));
      const [a, b] = phones as [ReturnType<typeof createPhone>, ReturnType<typeof createPhone>];
      return {
        a: contractPhone(a, 'alice'),
        b: contractPhone(b, 'bob'),
        close: async () => {
          for (const phone of phones) phone.dispose();
        },
      };
    },
  },
  { describe, test },
);
