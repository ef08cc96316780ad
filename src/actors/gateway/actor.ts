import type { GatewayMsg } from '../messages.js';
import { ActorNames } from '../names.js';
import type { OrderGatewayPort } from '../ports/order-gateway.js';
import { spawnActor, supervision, type ActorRef } from '../runtime/index.js';
import { unreachable } from '../unreachable.js';

/** Hands approved order intents to the gateway port (in-process executor, or NATS JetStream). */
export function spawnGateway(parent: ActorRef<never>, port: OrderGatewayPort): ActorRef<GatewayMsg> {
  return spawnActor(parent, {
    name: ActorNames.gateway,
    initialState: 0,
    supervision: supervision(),
    handle: (sent: number, msg: GatewayMsg): number => {
      switch (msg.type) {
        case 'submit':
          port.submit(msg.intent);
          return sent + 1;
        case 'cancel':
          port.cancel(msg.clientOrderId);
          return sent;
        default:
          return unreachable(msg);
      }
    },
  });
}
