import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const domainDir = join(import.meta.dirname, '../../src/domain');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

const forbiddenImport = /from\s+['"](node:[^'"]+|nact|nats|@nats-io\/[^'"]+|@mikro-orm\/[^'"]+|@alpacahq\/[^'"]+|[^'"]*\/(actors|infra|cli)\/[^'"]*)['"]/;
const clockOrRandom = /\bDate\.now\(|\bnew Date\(\s*\)|\bperformance\.now\(|\bMath\.random\(|\bsetTimeout\(|\bsetInterval\(|\bprocess\./;

describe('src/domain purity', () => {
  const files = sources(domainDir);

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((f) => [relative(domainDir, f), f]))('%s imports no I/O, actors, infra or runtime packages', (_name, file) => {
    const offending = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => forbiddenImport.test(line));
    expect(offending).toEqual([]);
  });

  it.each(files.map((f) => [relative(domainDir, f), f]))('%s reads no clock and no randomness', (_name, file) => {
    const offending = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => !line.trim().startsWith('*') && !line.trim().startsWith('//') && clockOrRandom.test(line));
    expect(offending).toEqual([]);
  });

  it('the checks catch a violation', () => {
    expect(forbiddenImport.test("import { x } from '../infra/db.js';")).toBe(true);
    expect(forbiddenImport.test("import { readFileSync } from 'node:fs';")).toBe(true);
    expect(clockOrRandom.test('const t = Date.now();')).toBe(true);
    expect(forbiddenImport.test("import { z } from 'zod';")).toBe(false);
  });
});
