import { describe, expect, it } from 'vitest';
import { hedgeIntent } from '../../../src/domain/intents/hedge.js';
import { isShares } from '../../../src/domain/values/order.js';
import { decodeCommand, encode } from '../../../src/infra/nats/codec.js';

describe('a delta hedge’s share order on the wire', () => {
  it('travels as a single-leg intent whose symbol is its ticker and decodes equal to what was encoded', () => {
    // 500 × 0.995 = 497.50.
    const shares = hedgeIntent({ ticker: 'SPY', side: 'sell', effect: 'open', qty: 750, reasons: ['DELTA_HEDGE', 'NET_DELTA_OVER_CAP'] }, 500, 1_733_752_800_000, 'SPY-1733752800000', {
      enabled: true,
      targetShareOfCap: 0.5,
      limitCollarPct: 0.005,
    });
    const wire = JSON.parse(new TextDecoder().decode(encode({ type: 'submit', intent: shares }))) as { intent: Record<string, unknown> };
    expect(wire.intent).toMatchObject({ clientOrderId: 'th-SPY-1733752800000-h', underlying: 'SPY', symbol: 'SPY', qty: 750, limitPrice: 497.5 });
    const decoded = decodeCommand(encode({ type: 'submit', intent: shares }));
    expect(decoded).toStrictEqual({ type: 'submit', intent: shares });
    expect(decoded.type === 'submit' && isShares(decoded.intent)).toBe(true);
  });
});
