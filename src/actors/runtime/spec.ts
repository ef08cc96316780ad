import type { Clock, TimerId } from './clock.js';
import type { ActorFailure } from './errors.js';
import type { Logger } from './logger.js';
import type { ActorRef } from './ref.js';
import type { SupervisionPolicy } from './supervision.js';

/** What a handler sees besides its state and message. Built once per actor, not per message. */
export interface ActorContext<Msg> {
  readonly self: ActorRef<Msg>;
  readonly name: string;
  readonly path: string;
  readonly clock: Clock;
  readonly log: Logger;
  /** Tells this actor `msg` at absolute time `at`. Kept across restarts, cancelled when the actor stops. */
  tellAt(at: number, msg: Msg): TimerId;
  cancelTimer(id: TimerId): void;
}

export type Handler<S, Msg> = (state: S, msg: Msg, ctx: ActorContext<Msg>) => S | Promise<S>;

export interface ActorSpec<S, Msg, Snap = S> {
  /** Required and unique among the parent's live children (nact's `[a-z0-9-$_.+!*'(),]+`). */
  readonly name: string;
  readonly initialState: S;
  readonly handle: Handler<S, Msg>;
  /** Explicit per actor: see `supervision()` for the defaults. */
  readonly supervision: SupervisionPolicy;
  /**
   * A child exhausted its restart budget (with onExhausted 'escalate') and stopped. Without
   * this hook the failure crashes this actor, so its own policy applies.
   */
  readonly onChildFailure?: (state: S, failure: ActorFailure, ctx: ActorContext<Msg>) => S | Promise<S>;
  /**
   * Give both or neither. A restart resumes from the last good state by reference; a handler
   * that mutates state in place must snapshot it (taken after every handled message) so a
   * restart can `restore` the state as it was before the crashing message.
   */
  readonly snapshot?: (state: S) => Snap;
  readonly restore?: (snapshot: Snap) => S;
}
