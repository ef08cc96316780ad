import { ActorCell, cellOf, registerCell } from './cell.js';
import { ActorNameError } from './errors.js';
import type { ActorRef } from './ref.js';
import type { ActorSpec } from './spec.js';
import { assertPolicy } from './supervision.js';

/** nact's rule for path segments (RFC 1738 safe characters). */
const VALID_NAME = /^[a-z0-9\-$_.+!*'(),]+$/i;

/**
 * Spawns a supervised actor under `parent` (the runtime's root or another actor's ref).
 * Throws ActorNameError for a missing, invalid or duplicate name, RangeError for a bad policy.
 */
export function spawnActor<S, Msg, Snap = S>(parent: ActorRef<never>, spec: ActorSpec<S, Msg, Snap>): ActorRef<Msg> {
  const parentCell = cellOf(parent);
  if (!spec.name) throw new ActorNameError(parent.path, String(spec.name), 'missing');
  if (!VALID_NAME.test(spec.name)) throw new ActorNameError(parent.path, spec.name, 'invalid');
  if (parentCell.children.has(spec.name)) throw new ActorNameError(parent.path, spec.name, 'duplicate');
  if (parentCell.stopped) throw new TypeError(`cannot spawn ${spec.name} under stopped ${parent.path}`);
  if ((spec.snapshot === undefined) !== (spec.restore === undefined)) {
    throw new TypeError(`actor ${spec.name}: give both snapshot and restore, or neither`);
  }
  assertPolicy(spec.supervision);
  const cell = new ActorCell(parentCell, spec);
  registerCell(cell.ref, cell);
  return cell.ref;
}

/** Stops the actor and its children; later messages to it are dead letters. Idempotent. */
export function stopActor(ref: ActorRef<never>): void {
  const cell = cellOf(ref);
  if (cell instanceof ActorCell) cell.stop();
}
