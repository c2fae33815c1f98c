import { HandsetError } from '@handset/core';
import { audioDirection, type StandInCall } from './calls';
import type { Cloud } from './cloud';
import { ClientFrame, ServerFrame, stringAt } from './frames';
import { checks } from './options';

/** `ReInvite(callId, headers, offerSdp, { tracks })`: the SDK's hold and unhold; answered with `handleAcceptReinvite`. */
export async function reinvite(cloud: Cloud, call: StandInCall, offerSdp: string): Promise<void> {
  if (call.state !== 'connected') return;
  const far = cloud.farParties.of(call.id);
  const sdp = far ? await cloud.farWork.inTurn(() => far.reanswer(offerSdp)) : '';
  call.reinvites += 1;
  const direction = audioDirection(offerSdp);
  call.held = direction === 'sendonly' || direction === 'inactive';
  const behind = cloud.behindOurReinvite.get(call.id);
  cloud.behindOurReinvite.delete(call.id);
  const reoffer = behind && far?.reoffer ? await cloud.farWork.inTurn(() => far.reoffer?.(behind.held) ?? Promise.resolve('')) : undefined;
  cloud.sendOnCall(call, ServerFrame.handleAcceptReinvite, [call.id, {}, sdp]);
  if (behind && reoffer !== undefined) {
    sendReoffer(cloud, call, reoffer);
    behind.sent();
  }
}

/**
 * The far side holds or resumes a connected call (`handleReInvite` with its far party's new offer) and resolves once
 * the SDK's `AcceptReInvite` answer is applied; with `behindOurReinvite`, the offer follows the answer to the SDK's
 * next `ReInvite` (see StandIn.holdFromFar).
 */
export async function holdFromFar(cloud: Cloud, id: string, held: boolean, behindOurReinvite: boolean): Promise<void> {
  const call = cloud.call(id);
  if (call.state !== 'connected') throw new HandsetError('invalid-state', `Voximplant stand-in: ${id} is not connected.`);
  const far = cloud.farParties.of(id);
  if (!far?.reoffer) throw checks.invalid('holding from the far side needs a far party with reoffer().');
  const since = cloud.wire.frames.entries.length;
  if (behindOurReinvite) await new Promise<void>((sent) => cloud.behindOurReinvite.set(id, { held, sent }));
  else sendReoffer(cloud, call, await cloud.farWork.inTurn(() => far.reoffer?.(held) ?? Promise.resolve('')));
  const answer = await cloud.waitFor(
    () => cloud.wire.frames.find(since, (frame) => frame.name === ClientFrame.acceptReInvite && frame.params[0] === id),
    `the SDK's AcceptReInvite for ${id}`,
    15_000,
  );
  await cloud.farWork.inTurn(() => far.accept(stringAt(answer.params, 2) ?? ''));
  call.heldByFar = held;
  cloud.changed();
}

/** The far side's new offer as `handleReInvite`; the fourth parameter is the SDK's endpoint description, JSON it parses (conference endpoints; none here). */
function sendReoffer(cloud: Cloud, call: StandInCall, sdp: string): void {
  cloud.sendOnCall(call, ServerFrame.handleReInvite, [call.id, {}, sdp, '{}']);
}
