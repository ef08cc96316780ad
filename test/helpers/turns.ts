import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Lets the event loop run `n` turns (nact handles one message per setImmediate turn). Used only
 * to show that something has NOT happened yet; to wait for something, use `eventually`.
 */
export async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await nextTurn();
}
