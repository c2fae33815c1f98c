/**
 * The far end of a call: whoever Voximplant bridges the client to. The stand-in carries its SDP and
 * the client's trickled candidates, so media between it and the SDK is real (ICE, DTLS, RTP) while
 * the signalling is scripted.
 */
export interface FarParty {
  /** Answers the client's offer (an outgoing call); the answer carries every candidate. */
  answer(offerSdp: string): Promise<string>;
  /** Answers a later offer on the same connection (a `ReInvite`: hold, unhold). */
  reanswer(offerSdp: string): Promise<string>;
  /** Makes an offer for an incoming call to the client; it carries every candidate. */
  offer(): Promise<string>;
  /** Applies the client's answer to that offer. */
  accept(answerSdp: string): Promise<void>;
  /**
   * Makes a new offer on the live connection (the cloud's `handleReInvite`): `sendonly` when the far side puts the
   * client on hold, `sendrecv` when it resumes; `accept()` then applies the client's answer. Optional: without
   * it the stand-in cannot hold from the far side.
   */
  reoffer?(held: boolean): Promise<string>;
  /** Adds a candidate the SDK trickled (`voximplant/sdpfrag` INFO): `candidate` without the `a=`. */
  addCandidate(candidate: string, sdpMLineIndex: number): Promise<void>;
  /** Calls `listener` for each RFC 4733 digit the far party hears in the media (Chromium's SDK sends DTMF there). */
  onDigit?(listener: (digit: string, at: number) => void): void;
  /** Audio packets the far party has received from the client so far. */
  inboundPackets(): Promise<number>;
  close(): Promise<void>;
}
