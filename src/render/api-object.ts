import { ApiObject, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';

/**
 * Adds an object as a plain `ApiObject` whose props are its final JSON, written once here by the
 * typed import's generated converter (e.g. `kplus.k8s.KubeDeployment.GVK` and
 * `kplus.k8s.toJson_KubeDeploymentProps`). The typed props stay the source of truth for the shape,
 * but unlike an instance of the import's class the object keeps only the JSON, not the props to
 * convert again at every `toJson()`: a lighter node for every pass cdk8s makes over the app (one
 * per chart). JSON patches apply to the JSON as written.
 *
 * @internal
 */
export function renderApiObject<P>(
  scope: Construct, id: string, gvk: GroupVersionKind,
  toJson: (props: P | undefined) => Record<string, any> | undefined, props: NoInfer<P>,
): ApiObject {
  return new ApiObject(scope, id, { ...gvk, ...toJson(props) });
}
