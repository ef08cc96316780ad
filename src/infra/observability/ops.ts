/** One process's metrics and health server, started before the service (so /healthz answers while it starts) and stopped after it. */
import type { Logger } from '../../actors/runtime/logger.js';
import { OpsServer } from './http.js';
import { Metrics } from './metrics.js';

export class Ops {
  private constructor(
    readonly metrics: Metrics,
    readonly server: OpsServer,
  ) {}

  static async start(port: number, log: Logger, serviceName: string): Promise<Ops> {
    const metrics = new Metrics(serviceName);
    return new Ops(metrics, await OpsServer.start({ port, metrics, log }));
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.metrics.shutdown();
  }
}

