import { Command, CommanderError } from 'commander';
import { DomainError } from '../domain/errors.js';
import { alpacaStandinCommand } from './commands/alpaca-standin.js';
import { backtestCommand } from './commands/backtest.js';
import { executorCommand } from './commands/executor.js';
import { generateMarketCommand } from './commands/generate-market.js';
import { statusCommand } from './commands/status.js';
import { liveCommand, paperCommand } from './commands/trade.js';

export function buildProgram(): Command {
  const program = new Command('thetis')
    .description('Options trading engine for Alpaca, built as a tree of supervised actors.')
    .version('0.1.0')
    .exitOverride()
    .addCommand(backtestCommand())
    .addCommand(generateMarketCommand())
    .addCommand(executorCommand())
    .addCommand(statusCommand())
    .addCommand(paperCommand())
    .addCommand(liveCommand())
    .addCommand(alpacaStandinCommand());
  // Commands added whole do not inherit it: each must throw too, so a user error exits 2 like the others.
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Asking the program itself (not a command) for its help or version. */
const PROGRAM_FLAGS = new Set(['-h', '--help', '-V', '--version']);

/**
 * Runs the CLI; returns the process exit code. With no command (nothing, or options only) it runs
 * `backtest` on the bundled sample market; an unknown command is an error with a suggestion
 * ("unknown command 'bakctest' (Did you mean backtest?)"), not an argument of `backtest`. A user
 * error (an unknown command or option, a bad value, an invalid config, an unreadable file, a
 * corrupt market file, an unwritable `--out`) is one clear line on stderr, exit code 2.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [node = 'node', script = 'thetis', first, ...rest] = argv;
  const args = first === undefined || (first.startsWith('-') && !PROGRAM_FLAGS.has(first)) ? ['backtest', ...(first === undefined ? [] : [first]), ...rest] : [first, ...rest];
  try {
    await buildProgram().parseAsync([node, script, ...args]);
    return 0;
  } catch (e) {
    // Commander has printed its one line (and a suggestion where it has one); help and version exit 0.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (e instanceof DomainError || (e instanceof Error && /^(UsageError|ConfigFileError|ManifestError|MarketDataError|NatsSettingsError|NatsUnreachableError|AlpacaKeysMissingError|ExecutorFaultError|DatabaseSettingsError|DatabaseOpenError|TradeUsageError|AccountUnusableError|StreamAuthError|StreamBusyError)$/.test(e.name))) {
      process.stderr.write(`thetis: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
