import type { StandInCall } from './calls';
import type { Cloud } from './cloud';
import { ServerFrame } from './frames';

/**
 * `transferCall(callId, targetCallId)`: the cloud joins the far sides of two of the client's connected calls (the
 * far parties negotiate with each other, so they hear each other) and tells the SDK on the transferred call
 * (`handleTransferStarted`, then `handleTransferComplete` or `handleTransferFailed`). The client's own legs stay
 * up until it hangs them up. What the cloud sends here is guessed: the SDK only shows what it accepts.
 */
export async function transfer(cloud: Cloud, call: StandInCall, targetId: string): Promise<void> {
  const target = cloud.callsById.get(targetId);
  cloud.sendOnCall(call, ServerFrame.handleTransferStarted, [call.id]);
  const failed = () => {
    call.transfer = { with: targetId, outcome: 'failed' };
    cloud.sendOnCall(call, ServerFrame.handleTransferFailed, [call.id]);
  };
  if (cloud.options.transfers === 'fail' || !target || target === call || call.state !== 'connected' || target.state !== 'connected') {
    failed();
    return;
  }
  const from = cloud.farParties.of(call.id);
  const to = cloud.farParties.of(target.id);
  if (from && to && from !== to) {
    // The far parties leave the client's legs: ending those legs later must not close their new connection.
    cloud.farParties.bridge(call.id, target.id, from, to);
    try {
      await cloud.farWork.inTurn(async () => from.accept(await to.answer(await from.offer())));
    } catch (error) {
      failed();
      throw error;
    }
  }
  call.transfer = { with: target.id, outcome: 'complete' };
  target.transfer = { with: call.id, outcome: 'complete' };
  cloud.sendOnCall(call, ServerFrame.handleTransferComplete, [call.id]);
}
