/**
 * Whether a stream the SDK reconnects by itself is live, read from two counters that only grow:
 * `drops` (reconnect attempts, or disconnects) and `recoveries` (completed reconnects). Live when
 * no drop came after the last recovery seen. Sampled (at each check, and by readiness) rather
 * than told: the adapters count these already and expose nothing else.
 */
export class StreamLiveness {
  #recoveries = 0;
  #dropsAtRecovery = 0;

  constructor(private readonly read: () => { readonly drops: number; readonly recoveries: number }) {}

  live(): boolean {
    const { drops, recoveries } = this.read();
    if (recoveries !== this.#recoveries) {
      this.#recoveries = recoveries;
      this.#dropsAtRecovery = drops;
    }
    return drops === this.#dropsAtRecovery;
  }
}
