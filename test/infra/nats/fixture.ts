import { NatsExecutor } from '../../../src/infra/nats/executor.js';
import { connectNats, type NatsLink } from '../../../src/infra/nats/connection.js';
import { NatsOrderGateway } from '../../../src/infra/nats/order-gateway.js';
import { loadNatsSettings, type NatsSettings, type NatsSettingsInput } from '../../../src/infra/nats/settings.js';
import { subjects, type Subjects } from '../../../src/infra/nats/subjects.js';
import { SimVenue } from '../../../src/infra/executor/sim-venue.js';
import { SimBroker } from '../../../src/infra/sim-broker/broker.js';
import type { BrokerPort } from '../../../src/actors/ports/broker.js';
import type { Execution } from '../../../src/domain/values/execution.js';
import type { OrderIntent } from '../../../src/domain/values/order.js';
import { recordingLogger } from '../../helpers/logger.js';
import { dropNamespace, NATS_URL, uniqueNamespace } from '../../helpers/nats.js';
import { intent, NOW, quote } from '../sim-broker/fixtures.js';

export { intent, NOW };

/** A venue that counts every submit per client order id, and can run a hook before answering. */
export class CountingVenue extends SimVenue {
  readonly submits = new Map<string, number>();
  beforeAnswer: ((intent: OrderIntent) => Promise<void> | void) | undefined;

  override async submit(i: OrderIntent): Promise<readonly Execution[]> {
    this.submits.set(i.clientOrderId, (this.submits.get(i.clientOrderId) ?? 0) + 1);
    const out = await super.submit(i);
    await this.beforeAnswer?.(i);
    return out;
  }
}

/** The simulated broker, always open, with a marketable quote for the fixtures' call. */
export function countingVenue(): CountingVenue {
  const broker = new SimBroker({ cash: 1e9, isOpen: () => true });
  return new CountingVenue(broker, () => quote(2.0, 2.1), () => NOW);
}

export interface PathOptions {
  readonly url?: string;
  readonly namespace?: string;
  readonly settings?: NatsSettingsInput;
  readonly broker?: BrokerPort;
}

/** The order path over a real NATS server: the engine's gateway and an executor, each on its own connection. */
export class OrderPath {
  readonly engineLog = recordingLogger();
  readonly executorLog = recordingLogger();
  readonly received: Execution[] = [];
  executor!: NatsExecutor;
  executorLink!: NatsLink;
  gateway!: NatsOrderGateway;
  gatewayLink!: NatsLink;

  private constructor(
    readonly url: string,
    readonly subjects: Subjects,
    readonly settings: NatsSettings,
    readonly venue: BrokerPort,
  ) {}

  static async start(o: PathOptions = {}): Promise<OrderPath> {
    const url = o.url ?? NATS_URL;
    const settings = loadNatsSettings({ url, storage: 'memory', ...o.settings }, {});
    const path = new OrderPath(url, subjects(o.namespace ?? uniqueNamespace()), settings, o.broker ?? countingVenue());
    await path.startGateway();
    await path.startExecutor();
    return path;
  }

  async startGateway(): Promise<void> {
    this.gatewayLink = await connectNats(this.settings, 'engine', this.engineLog);
    this.gateway = await NatsOrderGateway.start({ link: this.gatewayLink, subjects: this.subjects, settings: this.settings, log: this.engineLog });
    this.gateway.connect((e) => this.received.push(e));
  }

  async startExecutor(broker: BrokerPort = this.venue): Promise<void> {
    this.executorLink = await connectNats(this.settings, 'executor', this.executorLog);
    this.executor = await NatsExecutor.start({ link: this.executorLink, subjects: this.subjects, settings: this.settings, broker, log: this.executorLog });
  }

  /** The terminal executions received, per client order id. */
  finals(): Map<string, number> {
    const out = new Map<string, number>();
    for (const e of this.received) if (['filled', 'canceled', 'expired', 'rejected'].includes(e.status)) out.set(e.clientOrderId, (out.get(e.clientOrderId) ?? 0) + 1);
    return out;
  }

  async close(): Promise<void> {
    await this.executor.stop().catch(() => undefined);
    await this.gateway.stop().catch(() => undefined);
    await this.executorLink.drain().catch(() => undefined);
    await this.gatewayLink.drain().catch(() => undefined);
    await dropNamespace(this.url, this.subjects.namespace).catch(() => undefined);
  }
}

export { intent as makeIntent };
