import type { Call } from '../call/Call';
import type { LevelMeter } from '../levels/LevelMeter';
import type { CallOptions } from '../options/types';
import type { QualityMonitor } from '../quality/QualityMonitor';
import type { QualityWarningName } from '../quality/types';
import type { LineOwnedCallMedia } from './lineOwnedMedia';
import type { RemoteAudio } from './remoteAudio';

/** Everything the browser media kit keeps for one call. */
export interface CallMedia {
  readonly call: Call;
  /** The call's options; for an incoming call, its accept options. */
  options: Readonly<Pick<CallOptions, 'remoteElement' | 'audio' | 'micId' | 'speakerId'>>;
  /** Set when the line's SDK owns this call's media: the kit only reads what the line reports. */
  lineOwned?: LineOwnedCallMedia;
  monitor?: QualityMonitor;
  remote?: RemoteAudio;
  input?: LevelMeter;
  output?: LevelMeter;
  stopVolume?: () => void;
  detach: Array<() => void>;
  warnings: QualityWarningName[];
}
