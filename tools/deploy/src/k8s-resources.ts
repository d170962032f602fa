// Resource figures for the pods, from measured memory. Changing a figure here changes every
// Deployment (npm run deploy:generate).

/**
 * A subgraph: idle RSS 93–152 MB (`npm start`, compiled services, seed data; civil-affairs, which
 * holds the 28,743 regions, is the largest; docs/performance.md "Start-up and memory" has 120–148 MB).
 * Under direct load (autocannon, 8 connections for 25 s on civil-affairs, programme and education at
 * once, 2 cores) peak RSS (VmHWM) was 258 MB (civil-affairs), 253 MB (programme) and 199 MB
 * (education). Request above idle, limit 1.5× the peak; the heap is capped below the limit so V8
 * collects before the kernel kills.
 */
export const SUBGRAPH_RESOURCES = {
  requests: { cpu: '200m', memory: '192Mi' },
  limits: { cpu: '1', memory: '384Mi' },
  maxOldSpaceMb: 256,
} as const;

/**
 * The gateway: idle RSS 206–210 MB; peak 469 MB under heavy load (docs/performance.md, goal "gateway
 * ≤ 300 MB RSS"), a plateau of about 530 MB under steady load (issue #8), 438 MB measured here under
 * 25 s of 10 connections. A 512 MB heap cap keeps the process under the limit (a 160 MB cap cost 40 %
 * of the heavy workload's rate, docs/performance.md, so the cap is generous). CPU: the Rust query
 * planner and the collector run beside the main thread, so up to two cores.
 */
export const GATEWAY_RESOURCES = {
  requests: { cpu: '500m', memory: '320Mi' },
  limits: { cpu: '2', memory: '768Mi' },
  maxOldSpaceMb: 512,
} as const;

/** Replicas and autoscaling (CPU; Node's heap does not shrink, so memory would only scale up). */
export const SCALING = {
  gateway: { minReplicas: 2, maxReplicas: 10 },
  subgraph: { minReplicas: 2, maxReplicas: 4 },
  targetCpuUtilization: 70,
} as const;
