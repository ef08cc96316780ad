/** Every actor name in the tree, in one place. */
export const ActorNames = {
  supervisor: 'supervisor',
  portfolio: 'portfolio-greeks',
  gateway: 'order-gateway',
  hedge: 'delta-hedge',
  underlying: (ticker: string) => `underlying-${ticker}`,
  position: (positionId: string) => `position-${positionId}`,
} as const;
