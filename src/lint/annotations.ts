import { createHash } from 'crypto';
import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { ServiceModel } from '../model/model';
import { routeKey } from './objects';

// Acknowledgements written into the manifests, so that the lint of written YAML (the cdk8s-cli
// plugin, `cdk8s-grpc-mesh validate`) honours them too. One annotation per acknowledgement:
//   lint.cdk8s-grpc-mesh.io/<code>               the whole service     value: the reason
//   lint.cdk8s-grpc-mesh.io/<code>.<route name>  one route (its name in the objects: the
//                                                VirtualService http route, `<service>-<name>` GRPCRoute)
// A hand-written manifest may carry them too, on any object of the service (its `app` label).

/** The prefix of acknowledgement annotations. */
export const ACKNOWLEDGEMENT_PREFIX = 'lint.cdk8s-grpc-mesh.io/';

/** The most characters of an annotation key's name (after the prefix). */
const NAME_LIMIT = 63;

/** The annotation key acknowledging `code` on the route named `routeName` (the objects' name), or on the whole service. */
export function acknowledgementKey(code: string, routeName?: string): string {
  if (routeName === undefined) return `${ACKNOWLEDGEMENT_PREFIX}${code}`;
  let name = `${code}.${routeName}`;
  if (name.length > NAME_LIMIT) {
    // Too long for a key: shortened, with a hash of the whole name to keep it unique.
    const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
    name = `${name.slice(0, NAME_LIMIT - 9).replace(/[-_.]+$/, '')}-${hash}`;
  }
  return `${ACKNOWLEDGEMENT_PREFIX}${name}`;
}

/** An acknowledgement read from an annotation. */
export interface AnnotatedAcknowledgement {
  readonly key: string;
  /** The code the key names (the part before the first dot). */
  readonly code: string;
  /** Whether it is about the whole service (no route in the key). */
  readonly wholeService: boolean;
  /** The object that carries it: `Kind/name`. */
  readonly object: string;
}

/** The acknowledgement annotations of objects. */
export function annotatedAcknowledgements(objects: readonly any[]): AnnotatedAcknowledgement[] {
  const found = new Map<string, AnnotatedAcknowledgement>();
  for (const o of objects) {
    for (const key of Object.keys(o?.metadata?.annotations ?? {}).sort()) {
      if (!key.startsWith(ACKNOWLEDGEMENT_PREFIX) || found.has(key)) continue;
      const name = key.slice(ACKNOWLEDGEMENT_PREFIX.length);
      const dot = name.indexOf('.');
      found.set(key, {
        key,
        code: dot < 0 ? name : name.slice(0, dot),
        wholeService: dot < 0,
        object: `${o.kind}/${o.metadata?.name}`,
      });
    }
  }
  return [...found.values()];
}

/**
 * The route names the objects of a service carry (VirtualService http routes, GRPCRoutes and
 * HTTPRoutes named `<app>-<route>`); undefined when they cannot tell, as a ServiceProfile names
 * its routes by their paths.
 */
export function objectRouteNames(objects: readonly any[], app: string): string[] | undefined {
  if (objects.some((o) => o?.kind === 'ServiceProfile')) return undefined;
  const names = new Set<string>();
  for (const o of objects) {
    if (o?.kind === 'VirtualService') for (const h of o.spec?.http ?? []) if (typeof h?.name === 'string') names.add(h.name);
    const name = o?.metadata?.name;
    if ((o?.kind === 'GRPCRoute' || o?.kind === 'HTTPRoute') && typeof name === 'string' && name.startsWith(`${app}-`)) names.add(name.slice(app.length + 1));
  }
  return [...names];
}

/** The kinds whose objects name routes, which carry the acknowledgements of their routes. */
const ROUTE_KINDS = new Set(['VirtualService', 'GRPCRoute', 'HTTPRoute', 'ServiceProfile']);

/**
 * Writes the service's acknowledgements as annotations: one of a route on the objects that render
 * routes, one of the whole service (or when no object renders the route) on its Services.
 */
export function annotateAcknowledgements(scope: Construct, model: ServiceModel): void {
  const acknowledgements = model.lintAcknowledgements ?? [];
  if (acknowledgements.length === 0) return;
  const objects = scope.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
  for (const a of acknowledgements) {
    const route = a.route === undefined ? undefined : model.routes.find((r) => routeKey(r) === a.route);
    const key = acknowledgementKey(a.code, route?.name);
    let targets = route ? objects.filter((o) => ROUTE_KINDS.has(o.kind) && (o.kind === 'VirtualService' || o.kind === 'ServiceProfile' || o.name === `${model.name}-${route.name}`)) : [];
    if (targets.length === 0) targets = objects.filter((o) => o.kind === 'Service' && o.apiVersion === 'v1');
    if (targets.length === 0) targets = objects;
    for (const o of targets) o.metadata.addAnnotation(key, a.reason);
  }
}
