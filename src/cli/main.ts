import { Command, CommanderError } from 'commander';
import { DomainError } from '../domain/errors.js';
import { backtestCommand } from './commands/backtest.js';
import { executorCommand } from './commands/executor.js';
import { generateMarketCommand } from './commands/generate-market.js';
import { statusCommand } from './commands/status.js';

export function buildProgram(): Command {
  return new Command('thetis')
    .description('Options trading engine for Alpaca, built as a tree of supervised actors.')
    .version('0.1.0')
    .exitOverride()
    .addCommand(backtestCommand(), { isDefault: true })
    .addCommand(generateMarketCommand())
    .addCommand(executorCommand())
    .addCommand(statusCommand());
}

/**
 * Runs the CLI; returns the process exit code. With no command it runs `backtest` on the
 * bundled sample market. Bad input (an invalid config, a corrupt market file) is reported in
 * one clear line on stderr, exit code 2.
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    if (e instanceof DomainError || (e instanceof Error && /^(ManifestError|MarketDataError|NatsSettingsError|NatsUnreachableError|AlpacaKeysMissingError|ExecutorFaultError|DatabaseSettingsError|DatabaseOpenError)$/.test(e.name))) {
      process.stderr.write(`thetis: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
