import { chainModelSource, marketRoutes } from './market-rest.js';
import type { StandinRoutes } from './route.js';
import type { StandinContext } from './standin.js';

/**
 * The REST groups the stand-in serves besides trading (trading.ts is mounted by AlpacaStandin
 * itself): the market-data group of market-rest.ts (option snapshots, option contracts, stock bars)
 * over the replayed market's chains at the stand-in's clock. Stock bars are not wired yet (no
 * `bars` reader given: the bars endpoints answer empty pages). Add further groups here.
 */
export function standinRoutes(): Array<(ctx: StandinContext) => StandinRoutes> {
  return [
    (ctx) =>
      marketRoutes(
        chainModelSource({
          now: ctx.now,
          chain: (underlying, now) => {
            try {
              return ctx.data.chain(underlying, now);
            } catch {
              return []; // an underlying the market does not have
            }
          },
        }),
      ),
  ];
}
