import { describe, expect, it } from 'vitest';
import type { LineSignal } from '../../src';
import { handOverPeer } from '../../src/line-kit';

/** Just enough of a peer connection: its connection state and the event that says it changed. */
class Peer extends EventTarget {
  connectionState: RTCPeerConnectionState = 'new';
  to(state: RTCPeerConnectionState) {
    this.connectionState = state;
    this.dispatchEvent(new Event('connectionstatechange'));
  }
}
const asPeer = (peer: Peer) => peer as unknown as RTCPeerConnection;

describe('handOverPeer', () => {
  it('hands a peer connection to the kit once it is connected, then says connected, once', () => {
    const peer = new Peer();
    const signals: LineSignal[] = [];
    const order: string[] = [];
    expect(
      handOverPeer(
        asPeer(peer),
        (signal) => signals.push(signal),
        'c1',
        'info',
        () => order.push('first'),
      ),
    ).toBe(true);
    peer.to('connecting');
    expect(signals).toEqual([]);
    peer.to('connected');
    peer.to('disconnected');
    peer.to('connected');
    expect(order).toEqual(['first']);
    expect(signals).toEqual([
      { type: 'media', callId: 'c1', peerConnection: peer },
      { type: 'connected', callId: 'c1', dtmfPath: 'info' },
    ]);
  });

  it('hands over at once a peer connection already connected', () => {
    const peer = new Peer();
    peer.connectionState = 'connected';
    const signals: LineSignal[] = [];
    handOverPeer(asPeer(peer), (signal) => signals.push(signal), 'c2', 'rfc4733');
    expect(signals.map((signal) => signal.type)).toEqual(['media', 'connected']);
  });

  it('does nothing for a peer connection handed over before, and takes a new one', () => {
    const peer = new Peer();
    const signals: LineSignal[] = [];
    const signal = (s: LineSignal) => signals.push(s);
    expect(handOverPeer(asPeer(peer), signal, 'c3', 'info')).toBe(true);
    expect(handOverPeer(asPeer(peer), signal, 'c3', 'info')).toBe(false);
    peer.to('connected');
    expect(signals).toHaveLength(2);
    const next = new Peer();
    expect(handOverPeer(asPeer(next), signal, 'c3', 'info')).toBe(true);
    next.to('connected');
    expect(signals).toHaveLength(4);
    expect(signals[2]).toEqual({ type: 'media', callId: 'c3', peerConnection: next });
  });
});
