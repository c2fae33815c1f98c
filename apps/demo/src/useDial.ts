import { isHandsetError } from '@handset/core';
import { usePhone } from '@handset/react';
import { useCallback } from 'react';
import { destinationFor, useLineSettings } from './line';
import { describeError, invalidSipDestinationMessage } from './messages';
import { useNotices } from './notices';

/**
 * Places a call; returns null, or the human message of why it could not be placed (a number that cannot
 * be dialled, a phone not online yet). With `notify`, that message is also shown as a notice.
 */
export function useDial({ notify = false }: { notify?: boolean } = {}): (destination: string) => string | null {
  const phone = usePhone();
  const line = useLineSettings();
  const { add } = useNotices();
  return useCallback(
    (destination: string) => {
      try {
        phone.call(destinationFor(line, destination));
        return null;
      } catch (error) {
        const message = !isHandsetError(error)
          ? String(error)
          : error.code === 'invalid-destination' && line.kind === 'sip'
            ? invalidSipDestinationMessage
            : describeError(error);
        if (notify) add(message);
        return message;
      }
    },
    [phone, line, add, notify],
  );
}
