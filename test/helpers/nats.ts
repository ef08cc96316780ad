import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { deleteStreams } from '../../src/infra/nats/streams.js';
import { subjects } from '../../src/infra/nats/subjects.js';
import { eventually } from './eventually.js';
import { freePort } from './ports.js';

/** The NATS server CI starts (JetStream on): tests share it, each in a namespace of its own. */
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A namespace no other test uses (streams and subjects are prefixed with it). */
export function uniqueNamespace(): string {
  return `t${randomBytes(5).toString('hex')}`;
}

/** Deletes a namespace's streams (and so their consumers). */
export async function dropNamespace(url: string, namespace: string): Promise<void> {
  const nc = await connect({ servers: url });
  try {
    await deleteStreams(nc, subjects(namespace));
  } finally {
    await nc.close();
  }
}


/**
 * A nats-server of the test's own (JetStream on, its own store in a temporary folder, its own
 * port), for tests that stop and restart a server.
 */
export class OwnNatsServer {
  private proc: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    readonly storeDir: string,
    private readonly auth: { readonly user: string; readonly pass: string } | undefined,
  ) {}

  /** `auth`: a user and password the server requires (and its readiness probe uses). */
  static async start(opts: { auth?: { user: string; pass: string } } = {}): Promise<OwnNatsServer> {
    const server = new OwnNatsServer(await freePort(), mkdtempSync(join(tmpdir(), 'thetis-nats-')), opts.auth);
    await server.up();
    return server;
  }

  get url(): string {
    return `nats://127.0.0.1:${this.port}`;
  }

  /** Starts the server (again, on the same port and store) and waits until it takes connections. */
  async up(): Promise<void> {
    const bin = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
    const auth = this.auth ? ['--user', this.auth.user, '--pass', this.auth.pass] : [];
    this.proc = spawn(bin, ['-a', '127.0.0.1', '-p', String(this.port), '-js', '-sd', this.storeDir, ...auth], { stdio: 'ignore' });
    await eventually(
      async () => {
        const nc = await connect({ servers: this.url, reconnect: false, timeout: 200, ...(this.auth ?? {}) });
        await jetstreamManager(nc); // JetStream is ready too
        await nc.close();
      },
      { timeoutMs: 10_000 },
    );
  }

  /** Kills the server at once (SIGKILL: no clean shutdown) and waits until it is gone. */
  async kill(): Promise<void> {
    const proc = this.proc;
    if (proc === undefined || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.storeDir, { recursive: true, force: true });
  }
}
