/** The compose services as child processes: `node <SERVICE_NODE_FLAGS> bin/thetis.js <command>` (the image's entrypoint) with the service's environment. */
import { spawn, type ChildProcess } from 'node:child_process';
import { SERVICE_NODE_FLAGS } from '../../src/app/node-flags.js';
import { ROOT } from './compose-file.js';


export class ServiceProcess {
  output = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    private readonly proc: ChildProcess,
  ) {
    proc.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    proc.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  }

  /** Runs `node <SERVICE_NODE_FLAGS> bin/thetis.js ...command` from the repository root with exactly `env` (and PATH, HOME). */
  static start(name: string, command: readonly string[], env: Readonly<Record<string, string>>): ServiceProcess {
    const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'info' };
    return new ServiceProcess(name, spawn(process.execPath, [...SERVICE_NODE_FLAGS, 'bin/thetis.js', ...command], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code (null when killed). */
  async stop(graceMs = 10_000): Promise<number | null> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return this.proc.exitCode;
    this.proc.kill('SIGTERM');
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface HttpAnswer {
  readonly status: number;
  readonly text: string;
}

export async function get(url: string): Promise<HttpAnswer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  return { status: res.status, text: await res.text() };
}
