/**
 * A hidden, autoplaying audio element for a call's far side, in the page until `remove()`: for an SDK that plays
 * into an element the line must give it (one per call, never shared, so that each call keeps its own output).
 */
export function remoteAudioElement(): HTMLAudioElement {
  return document.body.appendChild(Object.assign(document.createElement('audio'), { autoplay: true, hidden: true }));
}
