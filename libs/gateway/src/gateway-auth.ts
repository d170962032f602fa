import type { GatewayFeature } from './gateway-feature';

export interface GatewayAuthConfig {
  enabled: boolean;
}

export function readAuthConfig(_env: Record<string, string | undefined>): GatewayAuthConfig {
  return { enabled: false };
}

/** JWT verification and the schema's @authenticated / @requiresScopes rules. */
export function createAuthFeature(_config: GatewayAuthConfig): GatewayFeature {
  return { name: 'auth' };
}
