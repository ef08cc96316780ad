/**
 * Metrics through OpenTelemetry: one MeterProvider per process with the Prometheus exporter as its
 * reader. The exporter starts no server of its own: our health server serves its text at /metrics.
 * `target_info` names the service (`serviceName`: OTEL_SERVICE_NAME or the process's default).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Meter } from '@opentelemetry/api';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export class Metrics {
  readonly meter: Meter;
  readonly #exporter: PrometheusExporter;
  readonly #provider: MeterProvider;

  constructor(serviceName: string) {
    this.#exporter = new PrometheusExporter({ preventServerStart: true, withoutScopeInfo: true });
    this.#provider = new MeterProvider({ readers: [this.#exporter], resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }) });
    this.meter = this.#provider.getMeter('thetis');
  }

  /** Answers a scrape with every instrument in the Prometheus text format (observable callbacks run now). */
  serve(req: IncomingMessage, res: ServerResponse): void {
    this.#exporter.getMetricsRequestHandler(req, res);
  }

  async shutdown(): Promise<void> {
    await this.#provider.shutdown();
  }
}
