import { pino } from 'pino';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { ask } from '../../../src/actors/runtime/ask.js';
import type { Logger } from '../../../src/actors/runtime/logger.js';
import { messageType } from '../../../src/actors/runtime/logger.js';
import { tell } from '../../../src/actors/runtime/ref.js';
import { createRuntime } from '../../../src/actors/runtime/runtime.js';
import { spawnActor } from '../../../src/actors/runtime/spawn.js';
import { supervision } from '../../../src/actors/runtime/supervision.js';
import { VirtualClock } from '../../../src/actors/runtime/virtual-clock.js';
import { eventually } from '../../helpers/eventually.js';
import { recordingLogger } from '../../helpers/logger.js';
import { counter, get, T0, type CounterMsg } from './fixture.js';

const fragile = { initialState: 0, handle: counter, supervision: supervision({ maxRestarts: 0 }) };

describe('createRuntime', () => {
  it('keeps runtimes with the same name apart', async () => {
    const clock = new VirtualClock(T0);
    const [a, b] = [createRuntime({ name: 'same', clock }), createRuntime({ name: 'same', clock })];
    const refA = spawnActor(a.root, { ...fragile, name: 'x', initialState: 1 });
    const refB = spawnActor(b.root, { ...fragile, name: 'x', initialState: 2 });
    await expect(ask<CounterMsg, number>(refA, get, 100)).resolves.toBe(1);
    await expect(ask<CounterMsg, number>(refB, get, 100)).resolves.toBe(2);
    a.stop();
    a.stop();
    await expect(ask<CounterMsg, number>(refB, get, 100)).resolves.toBe(2);
  });

  it('by default logs a failure that reaches the root, without the message body', async () => {
    const logs = recordingLogger();
    const runtime = createRuntime({ name: 'r', clock: new VirtualClock(T0), logger: logs });
    tell(spawnActor(runtime.root, { ...fragile, name: 'x' }), { type: 'boom', secret: 'TOKEN' });
    await eventually(() => expect(logs.entries.map((e) => e.msg)).toEqual(['actor crashed', 'actor failure reached the root']));
    expect(logs.entries[1]!.obj).toMatchObject({ actor: 'r/x', crashes: 1, error: { name: 'Error', message: 'kaboom' } });
    expect(JSON.stringify(logs.entries)).not.toContain('TOKEN');
  });

  it('survives an onEscalate that throws, logging it', async () => {
    const logs = recordingLogger();
    const runtime = createRuntime({
      name: 'r',
      clock: new VirtualClock(T0),
      logger: logs,
      onEscalate: () => {
        throw new Error('handler broke');
      },
    });
    tell(spawnActor(runtime.root, { ...fragile, name: 'x' }), { type: 'boom', secret: '' });
    await eventually(() => expect(logs.entries.at(-1)).toMatchObject({ msg: 'onEscalate threw', obj: { actor: 'r/x' } }));
  });

  it('accepts pino as its logger', () => {
    expectTypeOf(pino({ level: 'silent' })).toExtend<Logger>();
  });

  it('names a message in logs by its type only', () => {
    expect(messageType({ type: 'bar', token: 's3cr3t' })).toBe('bar');
    expect(messageType({ kind: 'x' })).toBe('object');
    expect(messageType(42)).toBe('number');
  });
});
