import type { GatewayFeature } from './gateway-feature';

export interface GatewayObservabilityConfig {
  enabled: boolean;
}

export function readObservabilityConfig(_env: Record<string, string | undefined>): GatewayObservabilityConfig {
  return { enabled: false };
}

/** Prometheus metrics at /metrics and OpenTelemetry tracing. */
export function createObservabilityFeature(_config: GatewayObservabilityConfig): GatewayFeature {
  return { name: 'observability' };
}
