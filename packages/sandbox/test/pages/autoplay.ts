// One phone with the media kit for the autoplay e2e test. The page drives itself (no test code runs
// in it: Playwright's evaluate counts as a user gesture): `?role=caller` dials the callee of the same
// channel; `?role=callee` waits, and once its ringtone is reported blocked it accepts with a generated
// stream (no capture, which would exempt the page from the autoplay policy). It reports by console.
import { createPhone } from '@handset/core';
import { browserMedia } from '@handset/core/media';
import { sandbox } from '../../src';

const params = new URLSearchParams(location.search);
const role = params.get('role') ?? 'callee';
const channel = params.get('channel') ?? 'autoplay';
const media = browserMedia();
const phone = createPhone({ line: sandbox({ channel, extension: role, timing: { ringMs: 100, lookupTimeoutMs: 1500 } }), media });

const button = document.createElement('button');
button.textContent = 'Resume audio';
button.addEventListener('click', () => void media.resumeAudio());
document.body.append(button);

phone.store.subscribe((state, previous) => {
  if (state.media !== previous.media) {
    console.log(`media ${JSON.stringify({ ringtoneBlocked: state.media.ringtoneBlocked, audioBlocked: state.media.audioBlocked })}`);
  }
});
phone.on('incoming', (call) => {
  console.log(`ringtone ${media.sounds.ringtone.getSnapshot().ringtone}`);
  call.on('state', (state) => console.log(`state ${state}`));
  const acceptOnceBlocked = () => {
    if (!phone.store.getState().media.ringtoneBlocked || call.state !== 'incoming') return;
    off();
    call.accept({ localStream: media.audio.get().createMediaStreamDestination().stream });
  };
  const off = phone.store.subscribe(acceptOnceBlocked);
  acceptOnceBlocked();
});

await phone.connect();
console.log('ready');
if (role === 'caller') phone.call('callee');
