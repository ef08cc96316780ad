import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_NODE_FLAGS } from '../../src/app/node-flags.js';
import { ROOT, service } from './compose-file.js';

interface Instruction {
  readonly op: string;
  readonly args: string;
}

/** The Dockerfile's instructions (comments dropped, continuation lines joined), one stage per FROM. */
function stages(text: string): Instruction[][] {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const out: Instruction[][] = [];
  for (const line of lines) {
    const [op = '', ...rest] = line.split(/\s+/);
    const ins = { op: op.toUpperCase(), args: rest.join(' ') };
    if (ins.op === 'FROM') out.push([ins]);
    else out.at(-1)?.push(ins);
  }
  return out;
}

const all = stages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const final = all.at(-1) ?? [];
const args = (op: string, stage = final) => stage.filter((i) => i.op === op).map((i) => i.args);

describe('Dockerfile', () => {
  it('is multi-stage on Node 20: dependencies installed by npm ci in a build stage, copied into the runtime stage', () => {
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const stage of all) expect(stage[0]?.args).toMatch(/^node:20[-.\w]*(\s+AS\s+\w+)?$/i);
    const build = all[0] ?? [];
    expect(args('RUN', build).join('\n')).toMatch(/\bnpm ci\b/);
    expect(args('COPY', build).join('\n')).toContain('package-lock.json');
    expect(args('COPY').some((a) => a.includes('--from=deps') && a.includes('node_modules'))).toBe(true);
    // The runtime stage has no compiler toolchain.
    expect(args('RUN').join('\n')).not.toMatch(/g\+\+|apt-get install/);
  });

  it('has the dependency patches (patches/) before npm ci runs, and patch-package among the dependencies npm ci --omit=dev installs', () => {
    const build = all[0] ?? [];
    const copyPatches = build.findIndex((i) => i.op === 'COPY' && /\bpatches\b/.test(i.args));
    const install = build.findIndex((i) => i.op === 'RUN' && /\bnpm ci\b/.test(i.args));
    expect(copyPatches).toBeGreaterThan(-1);
    expect(copyPatches).toBeLessThan(install);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string> };
    expect(pkg.scripts.postinstall).toBe('patch-package');
    expect(Object.keys(pkg.dependencies)).toContain('patch-package');
  });

  it('runs as a user that is not root', () => {
    const users = args('USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
    // USER comes before the entrypoint runs: after it, nothing switches back.
    expect(final.findIndex((i) => i.op === 'USER')).toBeLessThan(final.findIndex((i) => i.op === 'ENTRYPOINT'));
  });

  it('runs bin/thetis.js, the command given by compose, with the services\' node flags', () => {
    expect(JSON.parse(args('ENTRYPOINT').at(-1) ?? '[]')).toEqual(['node', ...SERVICE_NODE_FLAGS, 'bin/thetis.js']);
    expect(args('COPY').join('\n')).toMatch(/\bbin\b/);
    expect(args('COPY').join('\n')).toMatch(/\bsrc\b/);
  });

  it('checks its health on /healthz at THETIS_HEALTH_PORT', () => {
    const check = args('HEALTHCHECK').at(-1) ?? '';
    expect(check).toMatch(/--interval=\d+s/);
    expect(check).toContain('/healthz');
    expect(check).toContain('THETIS_HEALTH_PORT');
    expect(args('ENV').join(' ')).toMatch(/THETIS_HEALTH_PORT=9464/);
    expect(args('EXPOSE')).toContain('9464');
    // The compose health checks use node too (the slim image has no curl or wget).
    expect(service('engine').healthcheck?.test?.slice(0, 2)).toEqual(['CMD', 'node']);
  });

  it('.dockerignore keeps node_modules, tests and secrets out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split(/\r?\n/).map((l) => l.trim());
    for (const entry of ['node_modules', 'test', '.git', '.env', 'out']) expect(ignored).toContain(entry);
    for (const needed of ['src', 'bin', 'package.json', 'package-lock.json', 'tsconfig.json']) expect(ignored).not.toContain(needed);
  });
});
