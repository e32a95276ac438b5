import { k8s } from 'cdk8s-plus-27';
import * as argo from '../../imports/argoproj.io';
import * as l5d from '../../imports/linkerd.io';

/**
 * The generated value classes of the typed imports (an int-or-string, a quantity...): their
 * converters write their `.value`.
 *
 * @internal
 */
export const VALUE_CLASSES: ReadonlySet<Function> = new Set<Function>([
  k8s.IntOrString, k8s.Quantity,
  argo.AnalysisTemplateSpecMetricsConsecutiveErrorLimit, argo.AnalysisTemplateSpecMetricsConsecutiveSuccessLimit,
  argo.AnalysisTemplateSpecMetricsCount, argo.AnalysisTemplateSpecMetricsFailureLimit,
  argo.AnalysisTemplateSpecMetricsInconclusiveLimit, argo.RolloutSpecStrategyCanaryMaxSurge,
  argo.RolloutSpecStrategyCanaryMaxUnavailable, argo.RolloutSpecStrategyCanaryStepsPauseDuration,
  l5d.ServiceProfileSpecDstOverridesWeight,
]);

/**
 * What `toWire` returns when the props hold a key its caller listed as renamed on the wire.
 *
 * @internal
 */
export const RENAMED: unique symbol = Symbol('renamed');

/**
 * Where a converter writes a property under another name: the property's path in the props (an
 * array's items take the array's plan) to the name it is written under.
 *
 * @internal
 */
export interface WirePlan {
  readonly [property: string]: string | WirePlan;
}

/**
 * The JSON of typed props as a wire-identical generated converter writes it (see `WIRE_IDENTICAL`),
 * in one pass: arrays mapped, plain objects copied without their `undefined` values, dates as ISO
 * strings, value classes as their `.value`, anything else as is; a property `plan` renames is
 * written under its new name. Returns `RENAMED` as soon as a plain object holds a key of `renamed`
 * (a property the converter writes under another name) that `plan` does not rename there.
 *
 * @internal
 */
export function toWire(value: unknown, renamed?: ReadonlySet<string>, plan?: WirePlan): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = toWire(value[i], renamed, plan);
      if (item === RENAMED) return RENAMED;
      out[i] = item;
    }
    return out;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key in value) {
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      const step = plan !== undefined && Object.hasOwn(plan, key) ? plan[key] : undefined;
      if (typeof step !== 'string' && renamed !== undefined && renamed.has(key)) return RENAMED;
      const wire = toWire(item, renamed, typeof step === 'string' ? undefined : step);
      if (wire === RENAMED) return RENAMED;
      out[typeof step === 'string' ? step : key] = wire;
    }
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  if (VALUE_CLASSES.has(value.constructor)) return (value as { readonly value: unknown }).value;
  return value;
}
