// A Server Component: it imports the kit's components directly ('use client' on @handset/react makes each of
// them a client reference) and server-renders them inside the client-side Softphone that owns the phone.
import { CallControls, CallStatus, CallTimer, Dialpad, IncomingCallDialog, VolumeMeter } from '@handset/react';
// Plain helpers for the server itself: called here, during the server render.
import { formatDuration } from '@handset/react/server';
import { CallEchoButton, Softphone } from './Softphone';

export default function Home() {
  return (
    <main style={{ display: 'grid', gap: 16, padding: 24, maxWidth: 420 }}>
      <h1>handset on Next.js</h1>
      <p>Call echo: it answers and plays your voice back {formatDuration(1)} later.</p>
      <Softphone extension="next-example">
        <CallStatus />
        <CallTimer />
        <VolumeMeter side="output" label="Far side level" />
        <CallEchoButton />
        <Dialpad />
        <CallControls />
        <IncomingCallDialog />
      </Softphone>
    </main>
  );
}
