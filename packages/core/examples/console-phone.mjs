// The core on its own, in Node: a phone on the scripted test line places a call, and every
// state change is printed from the store. Run: npm run example --workspace @handset/core
import { createPhone } from '@handset/core';
import { ScriptedLine } from '@handset/core/testing';

const line = new ScriptedLine();
const phone = createPhone({ line });
phone.store.subscribe((state, previous) => {
  for (const id of Object.keys(state.calls)) {
    const call = state.calls[id];
    if (previous.calls[id]?.state !== call.state)
      console.log(`call ${call.remote.number}: ${call.state}${call.end ? ` (${call.end.reason} by ${call.end.by})` : ''}`);
  }
  if (state.registration !== previous.registration) console.log(`registration: ${state.registration.state}`);
});

await phone.connect();
const call = phone.call('+1 415 555 0123', { callerName: 'Handset Demo', customHeaders: { 'X-Ticket': '42' } });
console.log('the line was told:', line.sent({ type: 'dial' })[0].args[0].destination);
line.signal({ type: 'ringing', callId: call.id, earlyMedia: false });
line.signal({ type: 'answered', callId: call.id });
line.signal({ type: 'connected', callId: call.id, codec: 'opus' });
call.sendDigits('1#');
call.hold();
call.unhold();
try {
  call.sendDigits('12x');
} catch (error) {
  console.log(`refused: ${error.code}: ${error.message}`);
}
call.hangup();
await phone.disconnect();
