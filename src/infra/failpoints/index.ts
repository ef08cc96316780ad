/**
 * Crash points for recovery tests: `THETIS_FAILPOINT=<name>[:<n>]` kills this process with SIGKILL
 * (no cleanup, no flush: as a power cut or the OOM killer would) the n-th time (default the first)
 * the named point of the order path is reached. Unset (always, outside such tests) it costs one
 * comparison. The points:
 *   intent-recorded   an order intent is in the store, not yet handed to JetStream
 *   intent-published  JetStream acknowledged the intent, its published flag not yet written
 *   position-journaled  a new position (an entry just filled) is about to be journaled for the first time
 */
export type FailpointName = 'intent-recorded' | 'intent-published' | 'position-journaled';

const [armedName, armedAt] = parse(process.env.THETIS_FAILPOINT);
let reached = 0;

/** Whether this point is armed (to skip the bookkeeping a point needs when it is not). */
export function failpointArmed(name: FailpointName): boolean {
  return name === armedName;
}

export function failpoint(name: FailpointName): void {
  if (name !== armedName) return;
  reached += 1;
  if (reached < armedAt) return;
  process.stderr.write(`failpoint ${name}#${reached}: killing process ${process.pid}\n`);
  process.kill(process.pid, 'SIGKILL');
}

function parse(spec: string | undefined): [string | undefined, number] {
  if (spec === undefined || spec === '') return [undefined, 1];
  const [name = '', n] = spec.split(':');
  return [name, n === undefined ? 1 : Math.max(1, Number(n))];
}
