import { afterEach, describe, expect, it } from 'vitest';
import { spawnGateway } from '../../../src/actors/gateway/actor.js';
import { RiskApprovals } from '../../../src/actors/portfolio/approvals.js';
import type { DecisionEvent } from '../../../src/actors/ports/decision-sink.js';
import type { OrderGatewayPort } from '../../../src/actors/ports/order-gateway.js';
import type { PortfolioSnapshot } from '../../../src/actors/messages.js';
import { spawnPortfolio } from '../../../src/actors/portfolio/actor.js';
import { ask, tell, type ActorRef, type Runtime } from '../../../src/actors/runtime/index.js';
import { loadConfig } from '../../../src/domain/config/index.js';
import type { Decision } from '../../../src/domain/decision.js';
import type { Execution } from '../../../src/domain/values/execution.js';
import { makeOrderIntent, type OrderIntent } from '../../../src/domain/values/order.js';
import { testRuntime } from '../runtime/fixture.js';

class RecordingPort implements OrderGatewayPort {
  readonly submitted: string[] = [];
  readonly cancelled: string[] = [];
  connect(_onExecution: (execution: Execution) => void): void {}
  submit(intent: OrderIntent): void {
    this.submitted.push(intent.clientOrderId);
  }
  cancel(clientOrderId: string): void {
    this.cancelled.push(clientOrderId);
  }
}

function intent(effect: 'open' | 'close', id: string): OrderIntent {
  return makeOrderIntent({
    clientOrderId: id,
    correlationId: 'SPY-1',
    underlying: 'SPY',
    symbol: 'SPY251219C00500000',
    side: effect === 'open' ? 'buy' : 'sell',
    effect,
    qty: 2,
    type: 'limit',
    limitPrice: 1.25,
    timeInForce: 'day',
    reasons: ['TEST'],
    ts: 0,
  });
}

let runtime: Runtime | undefined;
afterEach(() => runtime?.stop());

function setUp() {
  const t = testRuntime();
  runtime = t.runtime;
  const port = new RecordingPort();
  const approvals = new RiskApprovals();
  const decisions: DecisionEvent[] = [];
  const gateway = spawnGateway(t.runtime.root, port, approvals, { record: (e) => decisions.push(e) });
  return { ...t, port, approvals, decisions, gateway };
}

describe('the order gateway enforces the risk gate', () => {
  it('refuses an opening order sent straight to it, with a reason, and never submits it', async () => {
    const { runtime, port, decisions, gateway, logs } = setUp();
    tell(gateway, { type: 'submit', intent: intent('open', 'th-SPY-1-open'), correlationId: 'SPY-1' });
    await runtime.whenIdle();
    expect(port.submitted).toEqual([]);
    expect(decisions).toMatchObject([{ kind: 'order', ok: false, symbol: 'SPY251219C00500000', reasons: ['RISK_APPROVAL_MISSING'] }]);
    expect(logs.entries.map((e) => e.level)).toEqual(['error']);
  });

  it('refuses a forged approval and one issued for another order', async () => {
    const { runtime, port, decisions, approvals, gateway } = setUp();
    const other = approvals.issue(intent('open', 'th-QQQ-1-open'));
    tell(gateway, { type: 'submit', intent: intent('open', 'th-SPY-1-open'), approval: { clientOrderId: 'th-SPY-1-open' }, correlationId: 'SPY-1' });
    tell(gateway, { type: 'submit', intent: intent('open', 'th-SPY-1-open'), approval: other, correlationId: 'SPY-1' });
    await runtime.whenIdle();
    expect(port.submitted).toEqual([]);
    expect(decisions.map((d) => d.reasons)).toEqual([['RISK_APPROVAL_MISSING'], ['RISK_APPROVAL_MISSING']]);
  });

  it('passes an approved opening order once: the same approval sent again is refused', async () => {
    const { runtime, port, decisions, approvals, gateway } = setUp();
    const order = intent('open', 'th-SPY-1-open');
    const approval = approvals.issue(order);
    tell(gateway, { type: 'submit', intent: order, approval, correlationId: 'SPY-1' });
    tell(gateway, { type: 'submit', intent: order, approval, correlationId: 'SPY-1' });
    await runtime.whenIdle();
    expect(port.submitted).toEqual(['th-SPY-1-open']);
    expect(decisions.map((d) => d.reasons)).toEqual([['RISK_APPROVAL_MISSING']]);
  });

  it('never gates a closing order or a cancel', async () => {
    const { runtime, port, decisions, gateway } = setUp();
    tell(gateway, { type: 'submit', intent: intent('close', 'th-SPY-1-x1'), correlationId: 'SPY-1' });
    tell(gateway, { type: 'cancel', clientOrderId: 'th-SPY-1-open', correlationId: 'SPY-1' });
    await runtime.whenIdle();
    expect(port.submitted).toEqual(['th-SPY-1-x1']);
    expect(port.cancelled).toEqual(['th-SPY-1-open']);
    expect(decisions).toEqual([]);
  });
});

describe('the portfolio forwards what it approves', () => {
  function portfolioSetUp() {
    const t = testRuntime();
    runtime = t.runtime;
    const port = new RecordingPort();
    const approvals = new RiskApprovals();
    const gateway = spawnGateway(t.runtime.root, port, approvals, { record: () => undefined });
    const portfolio = spawnPortfolio(t.runtime.root, 200_000, loadConfig({}).risk, gateway, approvals);
    return { ...t, port, portfolio };
  }
  // 2 contracts of a 0.55-delta call at $1.25: $250 at risk (0.125 % of $200,000), 110 delta shares.
  const exposure = { id: 'th-SPY-1-open', underlying: 'SPY', symbol: 'SPY251219C00500000', qty: 2, multiplier: 100, delta: 0.55, gamma: 0.05, theta: -0.04, vega: 0.12, capitalAtRisk: 250 };

  it('an approved opening order reaches the broker port with no other message', async () => {
    const { runtime, port, portfolio, clock } = portfolioSetUp();
    const reply = ask(portfolio, (replyTo: ActorRef<Decision<unknown, string>>) => ({ type: 'reserve' as const, intent: intent('open', 'th-SPY-1-open'), exposure, deadline: clock.now() + 1_000, correlationId: 'SPY-1', replyTo }), 1_000);
    expect((await reply).ok).toBe(true);
    await runtime.whenIdle();
    expect(port.submitted).toEqual(['th-SPY-1-open']);
  });

  it('a check that comes after its asker stopped waiting reserves and sends nothing (RISK_CHECK_EXPIRED)', async () => {
    const { runtime, port, portfolio, clock } = portfolioSetUp();
    const reply = ask(portfolio, (replyTo: ActorRef<Decision<unknown, string>>) => ({ type: 'reserve' as const, intent: intent('open', 'th-SPY-1-open'), exposure, deadline: clock.now() - 1, correlationId: 'SPY-1', replyTo }), 1_000);
    expect(await reply).toMatchObject({ ok: false, reasons: ['RISK_CHECK_EXPIRED'] });
    await runtime.whenIdle();
    expect(port.submitted).toEqual([]);
    const snapshot = await ask(portfolio, (replyTo: ActorRef<PortfolioSnapshot>) => ({ type: 'get-portfolio' as const, replyTo }), 1_000);
    expect(snapshot.reservations).toEqual([]);
  });
});
