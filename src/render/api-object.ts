import { ApiObject, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import { RENAMED, toWire } from './wire';
import { WIRE_IDENTICAL } from './wire-identical';

/**
 * Adds an object as a plain `ApiObject` whose props are its final JSON, written once here by the
 * typed import's generated converter (e.g. `kplus.k8s.KubeDeployment.GVK` and
 * `kplus.k8s.toJson_KubeDeploymentProps`). The typed props stay the source of truth for the shape,
 * but unlike an instance of the import's class the object keeps only the JSON, not the props to
 * convert again at every `toJson()`: a lighter node for every pass cdk8s makes over the app (one
 * per chart). JSON patches apply to the JSON as written. A wire-identical converter (see
 * `WIRE_IDENTICAL`) is skipped: `toWire` copies the props in one pass to the same JSON.
 *
 * @internal
 */
export function renderApiObject<P>(
  scope: Construct, id: string, gvk: GroupVersionKind,
  toJson: (props: P | undefined) => Record<string, any> | undefined, props: NoInfer<P>,
): ApiObject {
  const rule = WIRE_IDENTICAL.get(toJson);
  let json = rule === undefined ? RENAMED : toWire(props, rule.renamed, rule.plan) as Record<string, any> | undefined | typeof RENAMED;
  if (json === RENAMED) json = toJson(props);
  return new ApiObject(scope, id, { ...gvk, ...json });
}
