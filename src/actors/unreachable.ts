/** Exhaustiveness check for switches over message unions; names the type, never the body. */
export function unreachable(msg: never): never {
  throw new Error(`unhandled message type '${String((msg as { type?: unknown }).type)}'`);
}
