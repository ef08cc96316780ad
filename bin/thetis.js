#!/usr/bin/env -S node --max-semi-space-size=32
// Entry point: runs the TypeScript CLI through tsx so no build step is needed.
// --max-semi-space-size=32: a larger young generation for the backtest, which makes a few
// short-lived objects per bar (fewer scavenges: a few percent faster). npm scripts pass it too.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
