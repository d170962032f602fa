import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import { getEnvBool, getEnvNum } from '@hkp/util-env';
import { clientError, GatewayErrorCode } from './client-errors';
import type { GatewayFeature } from './gateway-feature';
import { clientKeyOf, GATEWAY_OWN_REQUEST } from './rate-limit';

export interface SubscriptionLimitsConfig {
  /** Off with GATEWAY_LIMITS=false, like every other limit. */
  enabled: boolean;
  /** GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT: open subscriptions one client may hold on this gateway process. */
  perClient: number;
  /** GATEWAY_MAX_SUBSCRIPTIONS: open subscriptions on this gateway process, every client together. */
  total: number;
  /** GATEWAY_TRUST_PROXY: clients without a token are told apart by the last X-Forwarded-For entry. */
  trustProxy: boolean;
}

export const SUBSCRIPTION_LIMIT_DEFAULTS = {
  perClient: 10,
  // Each open stream holds two sockets (the client's and the one to the programme service): 500
  // stay well under a 1,024 file-descriptor limit with room for ordinary requests.
  total: 500,
} as const;

export function readSubscriptionLimitsConfig(env: Record<string, string | undefined>): SubscriptionLimitsConfig {
  return {
    enabled: getEnvBool('GATEWAY_LIMITS', true, env),
    perClient: getEnvNum('GATEWAY_MAX_SUBSCRIPTIONS_PER_CLIENT', SUBSCRIPTION_LIMIT_DEFAULTS.perClient, env, { min: 1 }),
    total: getEnvNum('GATEWAY_MAX_SUBSCRIPTIONS', SUBSCRIPTION_LIMIT_DEFAULTS.total, env, { min: 1 }),
    trustProxy: getEnvBool('GATEWAY_TRUST_PROXY', false, env),
  };
}

/** Which limit refused a subscription: the client's own, or the gateway's for everyone. */
export type SubscriptionLimitScope = 'client' | 'gateway';

export type SubscriptionSlot =
  | { granted: true; /** Gives the slot back; calling it again does nothing. */ release: () => void }
  | { granted: false; scope: SubscriptionLimitScope; max: number };

/**
 * The subscriptions open on this gateway process, per client and in all. A slot is taken when a
 * subscription starts and given back once, however its stream ends.
 */
export class OpenSubscriptions {
  private readonly perClient = new Map<string, number>();
  private all = 0;

  constructor(private readonly limits: Pick<SubscriptionLimitsConfig, 'perClient' | 'total'>) {}

  /** Open subscriptions of `client`. */
  of(client: string): number {
    return this.perClient.get(client) ?? 0;
  }

  /** Open subscriptions of every client. */
  get total(): number {
    return this.all;
  }

  take(client: string): SubscriptionSlot {
    const held = this.of(client);
    if (held >= this.limits.perClient) return { granted: false, scope: 'client', max: this.limits.perClient };
    if (this.all >= this.limits.total) return { granted: false, scope: 'gateway', max: this.limits.total };
    this.perClient.set(client, held + 1);
    this.all += 1;
    let released = false;
    return {
      granted: true,
      release: () => {
        if (released) return;
        released = true;
        this.all -= 1;
        const left = this.of(client) - 1;
        // A client with nothing open leaves no entry behind.
        if (left > 0) this.perClient.set(client, left);
        else this.perClient.delete(client);
      },
    };
  }
}

/** The refusal of a subscription over a limit: RATE_LIMITED, HTTP 429, before any stream opens upstream. */
export function tooManySubscriptions(scope: SubscriptionLimitScope, max: number): GraphQLError {
  const message =
    scope === 'client'
      ? `Too many open subscriptions: this client already has ${max} open on this gateway, the most it may hold. Close one (end its request) before opening another; one subscription with a wider filter can replace several.`
      : `Too many open subscriptions: this gateway holds ${max}, the most it serves at once. Retry later, with backoff, or poll measureChanges(after:) meanwhile.`;
  return clientError(message, GatewayErrorCode.RATE_LIMITED, 429, { limit: max, subscriptions: scope });
}

interface SubscriptionContext {
  req?: IncomingMessage;
  res?: ServerResponse;
  request?: Request;
  jwt?: { payload?: { sub?: unknown } };
}

/**
 * Caps the subscriptions open at once per client (the token's subject, else the address, as the
 * rate limit counts them) and in all: an open stream holds a connection to the client and one to
 * the programme service for as long as it lasts, which the rate limit (one request each, however
 * long it stays open) does not bound. The next subscription over a cap is refused when it is
 * subscribed, before any stream is asked of the programme service. Its slot is given back when
 * the stream ends (completes, fails or is cancelled) or the client's connection closes, whichever
 * comes first; a subscription refused or answered without a stream gives it back at once.
 */
export function useSubscriptionLimits(
  config: Pick<SubscriptionLimitsConfig, 'perClient' | 'total' | 'trustProxy'>,
  open = new OpenSubscriptions(config),
): GatewayPlugin {
  return {
    onSubscribe({ context, setResultAndStopExecution }) {
      const serverContext = context as unknown as SubscriptionContext;
      // The gateway's own stream (the response cache following the catalog's changes) takes no client's slot.
      if ((context as unknown as Record<string, unknown>)[GATEWAY_OWN_REQUEST] === true) return undefined;
      const request = serverContext.request ?? new Request('http://gateway/graphql');
      const slot = open.take(clientKeyOf(serverContext, request, config.trustProxy));
      if (!slot.granted) {
        setResultAndStopExecution({ errors: [tooManySubscriptions(slot.scope, slot.max)] });
        return undefined;
      }
      // A client that goes away: its response closes, whether or not the stream noticed.
      serverContext.res?.once('close', slot.release);
      return {
        onSubscribeResult({ result }) {
          // Refused (by a later limit or the programme service) or failed: no stream to hold the slot.
          if (!(Symbol.asyncIterator in (result as object))) {
            slot.release();
            return undefined;
          }
          return { onEnd: slot.release };
        },
        onSubscribeError() {
          slot.release();
        },
      };
    },
  };
}

/** The subscription caps as a gateway feature; nothing when the gateway's limits are off. */
export function createSubscriptionLimitsFeature(config: SubscriptionLimitsConfig): GatewayFeature {
  return { name: 'subscription-limits', plugins: config.enabled ? [useSubscriptionLimits(config)] : [] };
}
