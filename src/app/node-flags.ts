/**
 * The node flags the services (the engine and the executor) run with: the image's ENTRYPOINT is
 * `node <these> bin/thetis.js` (test/deploy/dockerfile.test.ts holds the two equal), the deploy
 * tests start the services with them, and the order-path benchmark runs its engine and executor
 * processes with them.
 *
 * `--max-semi-space-size=64`: V8's young generation in 64 MB semi-spaces instead of Node 20's 16.
 * A scavenge copies what survives, not the space, so it costs about the same and comes about four
 * times less often: fewer of them land inside a bar → order window. In the orders benchmark the
 * engine's bar → gateway p99 halved (1.0–1.35 ms → 0.5–0.66 ms) and orders/s rose about 6 %, for
 * up to about 100 MB more resident memory per process. On the host, run the services with
 * `NODE_OPTIONS=--max-semi-space-size=64` for the same.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = Object.freeze(['--max-semi-space-size=64']);
