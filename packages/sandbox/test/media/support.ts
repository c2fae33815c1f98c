import { createPhone, type Phone } from '@handset/core';
import { type BrowserMedia, browserMedia } from '@handset/core/media';
import { afterEach } from 'vitest';
import { sandbox } from '../../src';
import { fastTiming, uniqueChannel } from '../support/calls';

/** Phones with the media kit on the sandbox line, and AudioContexts: all disposed after each test of the file. */
export function useMediaPhones() {
  const phones: Phone[] = [];
  const contexts: AudioContext[] = [];
  afterEach(async () => {
    for (const phone of phones.splice(0)) phone.dispose();
    for (const context of contexts.splice(0)) await context.close();
  });

  const audioContext = (): AudioContext => {
    const context = new AudioContext();
    contexts.push(context);
    return context;
  };

  return {
    /** A connected phone with a media kit (a fresh `browserMedia()` unless given), alone on its channel or on `channel`. */
    async mediaPhone(
      media: BrowserMedia = browserMedia(),
      options: { channel?: string; extension?: string } = {},
    ): Promise<{ phone: Phone; media: BrowserMedia }> {
      const line = sandbox({ channel: options.channel ?? uniqueChannel(), timing: fastTiming, extension: options.extension });
      const phone = createPhone({ line, media });
      phones.push(phone);
      await phone.connect();
      return { phone, media };
    },
    audioContext,
    /** A live track of digital silence. */
    silentStream: (): MediaStream => audioContext().createMediaStreamDestination().stream,
  };
}
