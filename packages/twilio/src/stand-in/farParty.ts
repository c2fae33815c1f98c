/**
 * The far end of a call: whoever Twilio bridges the client to. The stand-in carries its SDP, so
 * media between it and the SDK is real (ICE, DTLS, RTP) while the signalling is scripted.
 */
export interface FarParty {
  /** Answers the client's offer (an outgoing call); the answer carries every candidate. */
  answer(offerSdp: string): Promise<string>;
  /** Answers a later offer on the same connection (an ICE restart `reinvite`). */
  reanswer(offerSdp: string): Promise<string>;
  /** Makes an offer for an incoming call to the client. */
  offer(): Promise<string>;
  /** Applies the client's answer to that offer. */
  accept(answerSdp: string): Promise<void>;
  /**
   * Optional: calls `listener` for each RFC 4733 DTMF digit the far party hears in the media (the
   * SDK sends DTMF there whenever the far party's SDP has telephone-event, as Twilio's does).
   */
  onDigit?(listener: (digit: string, at: number) => void): void;
  /** Audio packets the far party has received from the client so far. */
  inboundPackets(): Promise<number>;
  close(): Promise<void>;
}
