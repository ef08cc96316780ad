import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';

describe('the thetis command line', () => {
  afterEach(() => vi.restoreAllMocks());

  async function run(...args: string[]): Promise<{ code: number; err: string }> {
    let err = '';
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const code = await main(['node', 'thetis', ...args]);
    return { code, err };
  }

  it('answers a mistyped command with a suggestion and exit code 2, not as an argument of backtest', async () => {
    const { code, err } = await run('bakctest');
    expect(code).toBe(2);
    expect(err).toContain("unknown command 'bakctest'");
    expect(err).toContain('Did you mean backtest?');
    expect(err).not.toContain('too many arguments');
  });

  it('answers an unknown option, of the program or of a command, with one line and exit code 2', async () => {
    expect(await run('--bogus')).toMatchObject({ code: 2, err: expect.stringContaining("unknown option '--bogus'") as string });
    expect(await run('status', '--nope')).toMatchObject({ code: 2, err: expect.stringContaining("unknown option '--nope'") as string });
  });

  it('shows help with exit code 0', async () => {
    expect((await run('--help')).code).toBe(0);
    expect((await run('status', '--help')).code).toBe(0);
  });
});
