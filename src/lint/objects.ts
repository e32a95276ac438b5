import { RouteModel } from '../model/model';
import { RetryOn } from '../options';
import { matchKey } from '../model/routes';
import { DEFAULT_ROUTE } from './acknowledgement';
import { LintContext, LintMessage } from './lint-rule';

// Helpers of the lint rules, the mesh-neutral ones and those of each mesh.

/** The objects of a kind (and API group). */
export const ofKind = (ctx: LintContext, kind: string, group?: string): any[] =>
  ctx.objects.filter((o) => o.kind === kind && (group === undefined || String(o.apiVersion).startsWith(`${group}/`)));

/** How messages name a route's prop. */
export const routeLabel = (prop: string) => (prop === 'defaultRoute' ? 'the default route' : prop);

/** How findings name a route: `pkg.Service/Method`, `pkg.Service` or `defaultRoute`. */
export const routeKey = (route: RouteModel): string => (route.match ? matchKey(route.match) : DEFAULT_ROUTE);
/** A message about one route. */
export const at = (route: RouteModel, message: string): LintMessage => ({ message, route: routeKey(route), routeName: route.name });
/** Messages about routes of objects, by their name there (see {@link LintMessage.routeName}). */
export const named = (check: (ctx: LintContext) => { message: string; routeName?: string }[]) => (ctx: LintContext): LintMessage[] => check(ctx);
/** Messages about the service as a whole or about objects. */
export const plain = (check: (ctx: LintContext) => string[]) => (ctx: LintContext): LintMessage[] => check(ctx).map((message) => ({ message }));

export const namespaceOf = (o: any): string => o.metadata?.namespace ?? 'default';

/** Whether a Kubernetes label selector selects these labels. */
export function selects(selector: any, labels: { [k: string]: string }): boolean {
  if (!selector || typeof selector !== 'object') return false;
  if (!Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v)) return false;
  return (selector.matchExpressions ?? []).every((e: any) => {
    const has = Object.hasOwn(labels, e.key);
    const listed = (e.values ?? []).includes(labels[e.key]);
    switch (e.operator) {
      case 'In': return has && listed;
      case 'NotIn': return !has || !listed;
      case 'Exists': return has;
      case 'DoesNotExist': return !has;
      default: return false;
    }
  });
}

/** Whether the props ask the route of this name to retry resource-exhausted. */
export function retriesResourceExhausted(ctx: LintContext, name: string): boolean {
  return ctx.model.routes.find((r) => r.name === name)?.retry?.on.includes(RetryOn.RESOURCE_EXHAUSTED) ?? false;
}
