import { expect, test } from 'vitest';
import { sip } from '../src/SipLine';

/**
 * Options the sip line leaves out of `capabilities.options`. The core reports every such option given to a call as
 * unsupported (`snapshot.unsupportedOptions` and an `option-unsupported` error, or refuses the call under
 * `strictOptions`): packages/core/test/optionEffects.test.ts proves that for any line; this proves the sip line's part.
 */
const line = () => sip({ server: 'wss://sip.example.com/ws', uri: 'sip:alice@example.com', password: 's3cret' });

test('the sip line leaves out clientState, callerNumber, parameters, trickleIce, video, camId, localElement, remoteStream, useStereo, prefetchIceCandidates, telnyxCallControlId, telnyxLegId, telnyxSessionId, sessionId: they are reported as unsupported', () => {
  const { options } = line().capabilities;
  expect(
    [
      'clientState',
      'callerNumber',
      'parameters',
      'trickleIce',
      'video',
      'camId',
      'localElement',
      'remoteStream',
      'useStereo',
      'prefetchIceCandidates',
      'telnyxCallControlId',
      'telnyxLegId',
      'telnyxSessionId',
      'sessionId',
    ].filter((name) => options.has(name)),
  ).toEqual([]);
});

test('the sip line honours id, callerName, customHeaders, customData, timeoutSecs, timeLimitSecs, iceServers, forceRelayCandidate, preferredCodecs, sdpASBandwidthKbps, audio, micId, localStream, remoteElement', () => {
  const { options } = line().capabilities;
  expect(
    [
      'id',
      'callerName',
      'customHeaders',
      'customData',
      'timeoutSecs',
      'timeLimitSecs',
      'iceServers',
      'forceRelayCandidate',
      'preferredCodecs',
      'sdpASBandwidthKbps',
      'audio',
      'micId',
      'localStream',
      'remoteElement',
    ].filter((name) => !options.has(name)),
  ).toEqual([]);
});
