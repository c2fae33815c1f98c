import { isHandsetError } from '@handset/core';
import type { LevelMeter } from '@handset/core/media';
import { DevicePicker, usePhone, VolumeMeter } from '@handset/react';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useMediaKit } from './media';
import { describeError } from './messages';

/** The audio devices: microphone, speaker and ringtone pickers, with a test of the microphone and of the ringtone. */
export function AudioSettings(): ReactNode {
  const kit = useMediaKit();
  const headingId = useId();
  return (
    <section className="demo-card" aria-labelledby={headingId}>
      <h3 id={headingId}>Audio devices</h3>
      <div className="demo-devices">
        <DevicePicker devices={kit.devices} kind="microphone" />
        <DevicePicker devices={kit.devices} kind="speaker" />
        <DevicePicker devices={kit.devices} kind="ringtone" />
      </div>
      <MicrophoneTest />
      <RingtoneTest />
    </section>
  );
}

/** Opens the chosen microphone and shows its level, before any call. */
function MicrophoneTest(): ReactNode {
  const kit = useMediaKit();
  const [meter, setMeter] = useState<LevelMeter | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const stopRef = useRef<(() => void) | null>(null);
  const stop = () => {
    stopRef.current?.();
    stopRef.current = null;
    setMeter(null);
  };
  useEffect(() => () => stopRef.current?.(), []);
  const start = async () => {
    setError(null);
    setBusy(true);
    try {
      const stream = await kit.devices.openMicrophone();
      await kit.audio.resume().catch(() => {});
      const track = stream.getAudioTracks()[0]!;
      const created = kit.meter(track);
      stopRef.current = () => {
        created.dispose();
        for (const t of stream.getTracks()) t.stop();
      };
      setMeter(created);
      void kit.devices.refresh().catch(() => {});
    } catch (e) {
      setError(isHandsetError(e) ? describeError(e) : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="demo-test" data-testid="mic-test" data-state={meter ? 'on' : 'off'}>
      <h4>Microphone test</h4>
      <p className="demo-muted">Speak: the bar should move. Only you can see it; nothing is sent.</p>
      <div className="demo-inline">
        <button type="button" className="demo-button" data-state={meter ? 'on' : 'off'} disabled={busy} onClick={meter ? stop : start}>
          {meter ? 'Stop microphone test' : 'Test microphone'}
        </button>
        <VolumeMeter source={meter} label="Microphone test level" className="demo-test-meter" />
      </div>
      {error && (
        <p role="alert" className="demo-field-error">
          {error}
        </p>
      )}
    </div>
  );
}

/** Plays the ringtone on the ringtone device for a few seconds. */
function RingtoneTest(): ReactNode {
  const kit = useMediaKit();
  const phone = usePhone();
  const [playing, setPlaying] = useState(false);
  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => setPlaying(false), 6000);
    return () => {
      clearTimeout(timer);
      // A real incoming call keeps ringing.
      if (!phone.calls.some((call) => call.state === 'incoming')) kit.sounds.ringtone.stop('ringtone');
    };
  }, [playing, kit, phone]);
  return (
    <div className="demo-test">
      <h4>Ringtone test</h4>
      <button
        type="button"
        className="demo-button"
        data-state={playing ? 'on' : 'off'}
        onClick={() => {
          if (!playing) {
            void kit.audio.resume().catch(() => {});
            kit.sounds.ringtone.play('ringtone');
          }
          setPlaying(!playing);
        }}
      >
        {playing ? 'Stop ringtone' : 'Play ringtone'}
      </button>
    </div>
  );
}
