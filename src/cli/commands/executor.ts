/** `thetis executor`: the executor as its own process, between NATS JetStream and Alpaca. */
import { Command, Option } from 'commander';
import { alpacaKeysFromEnv, ExecutorFaultError, startExecutor } from '../../app/executor.js';
import { heldSecrets, serviceLogger } from '../../infra/log/pino.js';
import { loadNatsSettingsFile } from '../../infra/nats/settings.js';
import { observeExecutorProcess } from '../../infra/observability/executor.js';
import { Ops } from '../../infra/observability/ops.js';
import { serviceNameFromEnv, tracingFromEnv } from '../../infra/observability/tracing.js';
import { wholeNumber } from '../args.js';

/** The executor's default health port: beside the engine's 9464 on one host. */
export const EXECUTOR_HEALTH_PORT = 9465;

interface ExecutorCliOptions {
  live: boolean;
  alpacaUrl?: string;
  natsConfig?: string;
  healthPort: number;
}

export function executorCommand(): Command {
  return new Command('executor')
    .description(
      'Run the executor: order commands from NATS JetStream (NATS_URL) to Alpaca (keys in APCA_API_KEY_ID / APCA_API_SECRET_KEY), executions back. Paper unless --live.',
    )
    .option('--live', 'trade the live Alpaca account (real money); paper is the default', false)
    .option('--alpaca-url <url>', "send every Alpaca call to this host (a local stand-in) instead of Alpaca's")
    .option('--nats-config <file>', 'JSON NATS settings (see docs/orders.md); the environment overrides them')
    .addOption(new Option('--health-port <n>', 'port of /healthz, /readyz and /metrics (0: none; see docs/operations.md)').env('THETIS_HEALTH_PORT').argParser(wholeNumber(0)).default(EXECUTOR_HEALTH_PORT))
    .action(async (opts: ExecutorCliOptions) => {
      const nats = loadNatsSettingsFile(opts.natsConfig);
      const keys = alpacaKeysFromEnv();
      // Every line is cleaned of the secrets this process holds, whatever field or message they reach.
      const log = serviceLogger('thetis-executor', undefined, { secrets: heldSecrets(keys, nats) });
      const ops = await Ops.start(opts.healthPort, log, serviceNameFromEnv(process.env, 'thetis-executor'));
      // On when an OTLP endpoint is set: a span per command (its parent the engine's, from the traceparent header), per broker call, per execution.
      const tracing = tracingFromEnv(process.env, 'thetis-executor', { meter: ops.metrics.meter });
      if (tracing !== undefined) log.info({ service: tracing.serviceName }, 'tracing on: spans to the OTLP endpoint');
      const running = await startExecutor(nats, { ...keys, live: opts.live, ...(opts.alpacaUrl ? { url: opts.alpacaUrl } : {}) }, log, tracing === undefined ? {} : { tracing }).catch(async (error: unknown) => {
        await tracing?.shutdown();
        await ops.stop();
        throw error;
      });
      ops.server.ready(observeExecutorProcess(ops.metrics.meter, running, nats.namespace));
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
      await tracing?.shutdown(); // flushes the spans left
      await ops.stop();
      // Its consumer ended by itself: exit non-zero so the supervisor (compose, systemd) restarts it.
      if (fault) throw new ExecutorFaultError('the executor stopped taking commands by itself (see the log): exiting for a restart');
    });
}
