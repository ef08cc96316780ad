#!/usr/bin/env node
// `npm run bench [-- --quick]`: runs the TypeScript benchmarks through tsx (no build step).
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');
