/** Key of a ref's delivery function: internal to the runtime, callers use `tell`. */
export const DELIVER: unique symbol = Symbol('thetis.deliver');

/**
 * A typed address of an actor (or of an `ask`'s reply). `Msg` is contravariant: a ref that
 * accepts a wider message type can stand in for a narrower one.
 */
export interface ActorRef<in Msg> {
  readonly path: string;
  readonly name: string;
  /** Delivers `msg`; false when nobody is there (the message was counted as a dead letter). */
  readonly [DELIVER]: (msg: Msg) => boolean;
}

/** Sends `msg` without waiting. A message to a stopped or unknown actor is a counted, logged dead letter. */
export function tell<Msg>(ref: ActorRef<Msg>, msg: Msg): void {
  ref[DELIVER](msg);
}

/**
 * A ref outside the tree whose messages go to `onMessage`: how code that is not an actor
 * collects many replies (an `ask` costs a promise and a timer each).
 */
export function callbackRef<Msg>(path: string, onMessage: (msg: Msg) => void): ActorRef<Msg> {
  return Object.freeze({
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    [DELIVER]: (msg: Msg) => {
      onMessage(msg);
      return true;
    },
  });
}
