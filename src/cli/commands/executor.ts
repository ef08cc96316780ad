/** `thetis executor`: the executor as its own process, between NATS JetStream and Alpaca. */
import { Command } from 'commander';
import { alpacaKeysFromEnv, ExecutorFaultError, startExecutor } from '../../app/executor.js';
import { serviceLogger } from '../../infra/log/pino.js';
import { loadNatsSettingsFile } from '../../infra/nats/settings.js';

interface ExecutorCliOptions {
  live: boolean;
  alpacaUrl?: string;
  natsConfig?: string;
}

export function executorCommand(): Command {
  return new Command('executor')
    .description(
      'Run the executor: order commands from NATS JetStream (NATS_URL) to Alpaca (keys in APCA_API_KEY_ID / APCA_API_SECRET_KEY), executions back. Paper unless --live.',
    )
    .option('--live', 'trade the live Alpaca account (real money); paper is the default', false)
    .option('--alpaca-url <url>', "send every Alpaca call to this host (a local stand-in) instead of Alpaca's")
    .option('--nats-config <file>', 'JSON NATS settings (see docs/orders.md); the environment overrides them')
    .action(async (opts: ExecutorCliOptions) => {
      const log = serviceLogger('thetis-executor');
      const nats = loadNatsSettingsFile(opts.natsConfig);
      const keys = alpacaKeysFromEnv();
      const running = await startExecutor(nats, { ...keys, live: opts.live, ...(opts.alpacaUrl ? { url: opts.alpacaUrl } : {}) }, log);
      const signalled = new Promise<void>((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
          log.info({ signal }, 'shutting down');
          resolve();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      });
      const fault = await Promise.race([signalled.then(() => false), running.executor.ended.then(() => true)]);
      await running.stop();
      // Its consumer ended by itself: exit non-zero so the supervisor (compose, systemd) restarts it.
      if (fault) throw new ExecutorFaultError('the executor stopped taking commands by itself (see the log): exiting for a restart');
    });
}
