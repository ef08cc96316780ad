/** `thetis status`: open positions, portfolio greeks against the caps, working orders and recent decisions, from the database. */
import { Command } from 'commander';
import { loadConfigFile } from '../../infra/config/file.js';
import { wholeNumber } from '../args.js';

interface StatusCliOptions {
  json: boolean;
  config?: string;
  decisions: number;
}

export function statusCommand(): Command {
  return new Command('status')
    .description('Show open positions, portfolio greeks against the caps, working orders and recent decisions with their reasons (DATABASE_URL, else the SQLite file)')
    .option('--json', 'print it as JSON', false)
    .option('--config <file>', 'the JSON config the engine runs with (for its caps and time rules)')
    .option('--decisions <n>', 'how many recent decisions', wholeNumber(0), 20)
    .action(async (opts: StatusCliOptions) => {
      const config = loadConfigFile(opts.config);
      // Loaded here only: the ORM takes most of a second to import, which no other command pays.
      const { databaseFrom, describeDatabase, openDatabase } = await import('../../infra/db/orm.js');
      const { formatStatus, readStatus } = await import('../../app/status.js');
      const settings = databaseFrom();
      const db = await openDatabase(settings);
      try {
        const status = await readStatus(db, config, opts.decisions);
        process.stdout.write(opts.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatStatus(status, describeDatabase(settings))}\n`);
      } finally {
        await db.close();
      }
    });
}
