import { cellOf } from './cell.js';
import { ActorStoppedError, AskTimeoutError } from './errors.js';
import { DELIVER, type ActorRef } from './ref.js';

/**
 * Request/response: `makeMsg` embeds the reply ref in the request. Rejects with
 * AskTimeoutError after `timeoutMs` on the runtime's clock, with ActorStoppedError when the
 * target is gone (or the runtime stops). The timer is cleared however the ask settles;
 * a reply after that is a dead letter.
 */
export function ask<Req, Res>(ref: ActorRef<Req>, makeMsg: (replyTo: ActorRef<Res>) => Req, timeoutMs: number): Promise<Res> {
  const core = cellOf(ref).core;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) {
    throw new RangeError(`ask timeout must be a positive number of ms, got ${timeoutMs}`);
  }
  return new Promise<Res>((resolve, reject) => {
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      core.clock.cancel(timer);
      core.pendingAsks.delete(abort);
      return true;
    };
    const abort = (): void => {
      if (settle()) reject(new ActorStoppedError(ref.path));
    };
    const timer = core.clock.schedule(core.clock.now() + timeoutMs, () => {
      if (settle()) reject(new AskTimeoutError(ref.path, timeoutMs));
    });
    core.pendingAsks.add(abort);
    const replyPath = `${ref.path}/$ask`;
    const replyTo: ActorRef<Res> = Object.freeze({
      path: replyPath,
      name: '$ask',
      [DELIVER]: (res: Res) => {
        if (!settle()) {
          core.deadLetter(replyPath, res);
          return false;
        }
        resolve(res);
        return true;
      },
    });
    try {
      if (!ref[DELIVER](makeMsg(replyTo))) abort();
    } catch (error) {
      if (settle()) reject(error);
    }
  });
}
