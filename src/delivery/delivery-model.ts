import { DeliveryEngine } from './delivery';

/** The checked delivery choice, in the model. Times are whole milliseconds. */
export interface DeliveryModel {
  readonly engine: DeliveryEngine;
  readonly stepWeight: number;
  readonly maxWeight: number;
  readonly intervalMs: number;
  readonly failureThreshold: number;
  /** Undefined: the mesh's Prometheus. */
  readonly prometheusAddress?: string;
  readonly minSuccessRate: number;
  /** Undefined: no latency check. */
  readonly maxLatencyMs?: number;
}
