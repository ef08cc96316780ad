/** `thetis alpaca-standin`: a local Alpaca (REST, trade_updates, market data) over a replayed market and the simulated broker. */
import { Command, InvalidArgumentError } from 'commander';
import { wholeNumber } from '../args.js';
import { DEFAULT_MARKET_DIR } from './backtest.js';
import { ensureSampleMarket } from './generate-market.js';

interface StandinCliOptions {
  market?: string;
  port: number;
  speed: number;
  key: string;
  secret: string;
  cash: number;
}

function speed(raw: string): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`expected a number ≥ 0, got '${raw}'`);
  return n;
}

export function alpacaStandinCommand(): Command {
  return new Command('alpaca-standin')
    .description("Serve a local stand-in for Alpaca (its REST and WebSocket shapes) over a replayed market and the simulated broker; give its URL to --alpaca-url")
    .option('--market <dir>', `market directory to replay (default: the bundled sample market, generated into ${DEFAULT_MARKET_DIR})`)
    .option('--port <n>', 'port on 127.0.0.1 (0: any free one)', wholeNumber(0), 0)
    .option('--speed <x>', 'replay speed: market minutes per real minute (60: a minute a second; 0: only when stepped, POST /_standin/step)', speed, 60)
    .option('--key <id>', 'the API key id it accepts', 'PKSTANDIN')
    .option('--secret <secret>', 'the API secret it accepts', 'standin-secret')
    .option('--cash <dollars>', 'starting cash of the simulated account', wholeNumber(1), 100_000)
    .action(async (opts: StandinCliOptions) => {
      const marketDir = opts.market ?? DEFAULT_MARKET_DIR;
      if (opts.market === undefined) await ensureSampleMarket(marketDir);
      const { AlpacaStandin } = await import('../../infra/alpaca-standin/standin.js');
      const standin = await AlpacaStandin.start({ market: marketDir, port: opts.port, speed: opts.speed, keys: { keyId: opts.key, secret: opts.secret }, cash: opts.cash });
      process.stdout.write(
        `alpaca stand-in listening on ${standin.url} (market ${marketDir}, speed ${opts.speed}, at ${standin.state().now ?? '-'})\n` +
          `  --alpaca-url ${standin.url}   APCA_API_KEY_ID=${opts.key}   APCA_API_SECRET_KEY=${opts.secret}\n` +
          `  control: GET ${standin.url}/_standin/state, POST ${standin.url}/_standin/step, POST ${standin.url}/_standin/faults\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = (): void => {
          process.off('SIGTERM', stop);
          process.off('SIGINT', stop);
          resolve();
        };
        process.on('SIGTERM', stop);
        process.on('SIGINT', stop);
      });
      await standin.close();
      process.stdout.write('alpaca stand-in stopped\n');
    });
}
