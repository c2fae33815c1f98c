import { expect, test } from 'vitest';
import { sandbox } from '../src';

/**
 * Options the sandbox leaves out of `capabilities.options`. The core reports every such option given to a call as
 * unsupported (`snapshot.unsupportedOptions` and an `option-unsupported` error, or refuses the call under
 * `strictOptions`): packages/core/test/optionEffects.test.ts proves that for any line; this proves the sandbox's part.
 */
const line = () => sandbox();

test('the sandbox leaves out clientState, callerNumber, forceRelayCandidate, trickleIce, sdpASBandwidthKbps, video, camId, localElement, remoteStream, useStereo, prefetchIceCandidates, telnyxCallControlId, telnyxLegId, telnyxSessionId, sessionId: they are reported as unsupported', () => {
  const { options } = line().capabilities;
  expect(
    [
      'clientState',
      'callerNumber',
      'forceRelayCandidate',
      'trickleIce',
      'sdpASBandwidthKbps',
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

test('the sandbox honours id, callerName, customHeaders, customData, parameters, timeoutSecs, timeLimitSecs, iceServers, preferredCodecs, audio, micId, localStream, remoteElement', () => {
  const { options } = line().capabilities;
  expect(
    [
      'id',
      'callerName',
      'customHeaders',
      'customData',
      'parameters',
      'timeoutSecs',
      'timeLimitSecs',
      'iceServers',
      'preferredCodecs',
      'audio',
      'micId',
      'localStream',
      'remoteElement',
    ].filter((name) => !options.has(name)),
  ).toEqual([]);
});
