import { describe, expect, it } from 'vitest';
import { CodecError, decodeCommand, encode } from '../../../src/infra/nats/codec.js';
import { intent } from './fixture.js';
import { bullPutSpread, LONG_PUT, SHORT_PUT } from '../../helpers/bull-put-spread.js';

const bytes = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const spreadJson = () => JSON.parse(JSON.stringify(bullPutSpread())) as Record<string, unknown>;

describe('the order command codec', () => {
  it('carries a bull put spread\'s legs on the wire as written and decodes it equal to what was encoded', () => {
    const spread = bullPutSpread();
    const wire = JSON.parse(new TextDecoder().decode(encode({ type: 'submit', intent: spread }))) as { intent: { legs: unknown } };
    expect(wire.intent.legs).toEqual([
      { symbol: 'SPY250718P00495000', side: 'sell', ratio: 1, positionIntent: 'sell_to_open' },
      { symbol: 'SPY250718P00490000', side: 'buy', ratio: 1, positionIntent: 'buy_to_open' },
    ]);
    const decoded = decodeCommand(encode({ type: 'submit', intent: spread }));
    expect(decoded).toStrictEqual({ type: 'submit', intent: spread });
    expect(decoded.type === 'submit' && Object.isFrozen(decoded.intent.legs?.[1])).toBe(true);
  });

  it('decodes a single-leg intent as before: no legs property appears', () => {
    const single = intent({ clientOrderId: 'th-SPY-single-open' });
    const decoded = decodeCommand(encode({ type: 'submit', intent: single }));
    expect(decoded).toStrictEqual({ type: 'submit', intent: single });
    expect(decoded.type === 'submit' && 'legs' in decoded.intent).toBe(false);
  });

  const leg = (patch: Record<string, unknown>, i = 0) => {
    const raw = spreadJson();
    const legs = raw.legs as Record<string, unknown>[];
    legs[i] = { ...legs[i], ...patch };
    return { ...raw, legs };
  };

  it.each([
    ['legs that are not a list', { ...spreadJson(), legs: 'SPY250718P00495000' }, /intent\.legs .*expected array, received string/],
    ['a leg with a ratio of 0', leg({ ratio: 0 }, 1), /legs\.1\.ratio/],
    ['a leg with a fractional ratio', leg({ ratio: 1.5 }, 1), /legs\.1\.ratio/],
    ['a leg with an unknown position intent', leg({ positionIntent: 'sell_to_roll' }), /legs\.0\.positionIntent/],
    ['a leg with a field Alpaca does not take', leg({ strike: 495 }), /legs\.0.*strike/],
    ['one leg only', { ...spreadJson(), legs: [(spreadJson().legs as unknown[])[0]] }, /legs a multi-leg order has 2–4 legs, got 1/],
    ['a first leg that is not the intent\'s symbol', leg({ symbol: LONG_PUT }, 0), /symbol is its first leg's/],
    ['a leg whose intent goes against its side', leg({ positionIntent: 'sell_to_open' }, 1), new RegExp(`leg ${LONG_PUT}: sell_to_open does not match side buy`)],
    ['the same contract twice', leg({ symbol: SHORT_PUT, side: 'buy', positionIntent: 'buy_to_open' }, 1), /names a contract twice/],
  ])('refuses %s with a CodecError that names it', (_what, bad, message) => {
    const decode = () => decodeCommand(bytes({ type: 'submit', intent: bad }));
    expect(decode).toThrow(CodecError);
    expect(decode).toThrow(message);
  });
});
