'use client';

// The phone lives in the browser: its line is an object with methods, which cannot cross from a Server
// Component, so this client component makes it (once, in PhoneProvider) and the page passes the UI as children.
import { PhoneProvider, usePhone, useRegistration } from '@handset/react';
import { sandbox } from '@handset/sandbox';
import type { ReactNode } from 'react';

export function Softphone({ extension, children }: { extension: string; children: ReactNode }) {
  return <PhoneProvider options={{ line: sandbox({ extension }) }}>{children}</PhoneProvider>;
}

/**
 * The sandbox's echo number: it answers and plays your microphone back one second late. Enabled once the line
 * is registered, which happens in the browser after hydration (the server renders it disabled).
 */
export function CallEchoButton() {
  const phone = usePhone();
  const { state } = useRegistration();
  return (
    <button type="button" disabled={state !== 'registered'} data-registration={state} onClick={() => phone.call('echo')}>
      Call echo
    </button>
  );
}
