import type { Caller } from './accounts';
import type { Emulator } from './emulator';
import type { ApiError } from './errors';
import type { Protocol } from './protocol/wire';

/** One call of a service's action, after the router has read the request and identified the caller. */
export interface ServiceCall {
  region: string;
  action: string;
  input: Record<string, unknown>;
  caller: Caller;
  /** Through the HTTP API (EC2's throttling applies), not a scenario playing its story. */
  api: boolean;
}

/**
 * A service on the emulator's one endpoint, selected by the SigV4 credential scope's service name: its wire protocol
 * and its actions. Adding a service is a folder exporting one of these and an entry in SERVICES.
 */
export interface Service {
  protocol: Protocol;
  has(action: string): boolean;
  /** Whether the action changes state (the state file is written after it). */
  isMutating(action: string): boolean;
  run(em: Emulator, call: ServiceCall): object;
  /** What the service answers when temporary credentials have expired. */
  expiredToken(): ApiError;
}

/** One action: whether it changes state, and its handler. */
export interface ActionDef<C, I, O> {
  mutating: boolean;
  handle(ctx: C, input: I): O;
}

/** The context every service but EC2 gives its handlers. */
export interface CallContext {
  em: Emulator;
  caller: Caller;
  region: string;
  now: number;
  /** Through the HTTP API (throttling applies), not a scenario playing its story. */
  api: boolean;
}

/** A service from a registry of actions whose handlers take a CallContext. */
export function registryService(
  protocol: Protocol,
  actions: Record<string, ActionDef<CallContext, never, object>>,
  expiredToken: () => ApiError,
): Service {
  const has = (action: string) => Object.hasOwn(actions, action);
  return {
    protocol,
    has,
    isMutating: (action) => has(action) && actions[action]!.mutating,
    run(em, call) {
      if (!has(call.action)) throw protocol.unknownOperation(call.action);
      const ctx: CallContext = { em, caller: call.caller, region: call.region, now: em.now(), api: call.api };
      return actions[call.action]!.handle(ctx, call.input as never);
    },
    expiredToken,
  };
}
