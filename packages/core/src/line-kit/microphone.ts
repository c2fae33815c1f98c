/** A call's audio constraints on the microphone it names (`micId`), as getUserMedia takes them. */
export function microphoneConstraints(
  audio: boolean | MediaTrackConstraints | undefined,
  micId: string | null | undefined,
): boolean | MediaTrackConstraints {
  return micId ? { ...(typeof audio === 'object' ? audio : {}), deviceId: { exact: micId } } : (audio ?? true);
}
