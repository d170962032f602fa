import type { GatewayFeature } from './gateway-feature';

export interface GatewayLimitsConfig {
  enabled: boolean;
}

export function readLimitsConfig(_env: Record<string, string | undefined>): GatewayLimitsConfig {
  return { enabled: false };
}

/** Depth, token, alias and cost limits, body size, rate limits, persisted documents, CSRF. */
export function createLimitsFeature(_config: GatewayLimitsConfig): GatewayFeature {
  return { name: 'limits' };
}
