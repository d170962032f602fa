export * from './gateway-config';
export * from './gateway-server';
export * from './subgraph-endpoints';
export * from './gateway-feature';
export * from './gateway-auth';
export * from './gateway-limits';
export * from './gateway-observability';
export { gatewayLogger } from './gateway-logger';
export { RESPONSE_CACHE_DEFAULTS } from './response-cache';
