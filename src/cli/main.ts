import { Command, CommanderError } from 'commander';

export function buildProgram(): Command {
  const program = new Command('thetis')
    .description('Options trading engine for Alpaca, built as a tree of supervised actors.')
    .version('0.1.0')
    .exitOverride();
  return program;
}

/** Runs the CLI; returns the process exit code. With no command it prints help. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  if (argv.length <= 2) {
    program.outputHelp();
    return 0;
  }
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode;
    throw e;
  }
}
