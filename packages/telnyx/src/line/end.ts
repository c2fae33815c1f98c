/**
 * How a call the far side (or Telnyx) ended reads, from the BYE's Q.850 cause code and SIP code; and a local
 * rejection as the SDK sends it (Q.850 cause and code, and the SIP code). Both are the line kit's: Telnyx reports
 * and takes the codes as SIP carries them.
 */
export { q850Rejection as rejection, remoteEnd } from '@handset/core/line-kit';
