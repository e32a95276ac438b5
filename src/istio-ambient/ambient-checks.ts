import { Reporter } from '../errors';
import { dnsLabel, dnsSubdomain, notProxyPorts } from '../model/checks';
import { RouteModel, ServiceModel } from '../model/model';
import type { IstioAmbientProvider } from './ambient-provider';
import { AmbientEnrollment, MeshDefaultRetry, Waypoint } from './ambient-options';
import { ZTUNNEL_POD_PORTS } from './labels';

/** `targetRefs` holds at most 16 references: the service's Service and its version Services. */
const MAX_TARGET_REFS = 16;

/** What the waypoint does to a Gateway API route (istio/istio `route.go`: no route policy, the mesh's default). */
const ISTIO_DEFAULT_RETRY = 'every route gets Istio\'s default retry policy, 2 retries on connect-failure, refused-stream, unavailable and cancelled';

/**
 * Checks the ambient-only options when `Mesh.istio()` makes the provider: errors name the factory
 * (`Mesh.istio: invalid waypoint ...`).
 *
 * @internal
 */
export function checkAmbientOptions(ambient: IstioAmbientProvider): void {
  const r = new Reporter('Mesh.istio');
  if (!Object.values(AmbientEnrollment).includes(ambient.enrollment)) {
    r.fail('ambientEnrollment', ambient.enrollment, 'not an AmbientEnrollment', `use one of AmbientEnrollment: ${Object.values(AmbientEnrollment).join(', ')}`);
  }
  if (!Object.values(MeshDefaultRetry).includes(ambient.meshDefaultRetry)) {
    r.fail('meshDefaultRetry', ambient.meshDefaultRetry, 'not a MeshDefaultRetry', `use one of MeshDefaultRetry: ${Object.values(MeshDefaultRetry).join(', ')}`);
  }
  const w = ambient.waypoint;
  if (!(w instanceof Waypoint)) {
    r.fail('waypoint', w, 'not a Waypoint', 'use Waypoint.dedicated() or Waypoint.existing({ name })');
  }
  if (w.existing) {
    dnsLabel(r, 'waypoint.name', w.name);
    if (w.namespace !== undefined) dnsLabel(r, 'waypoint.namespace', w.namespace);
    if (w.serviceAccount !== undefined) dnsSubdomain(r, 'waypoint.serviceAccount', w.serviceAccount);
  }
}

/**
 * Rejects, with a clear error, the parts of the model ambient mode cannot honour.
 *
 * @internal
 */
export function checkAmbient(r: Reporter, model: ServiceModel, ambient: IstioAmbientProvider): void {
  const unsupported = (prop: string, value: unknown, reason: string, fix: string): never =>
    r.fail(prop, value, `not supported on Istio ambient (${reason})`, fix);

  notProxyPorts(r, model, ZTUNNEL_POD_PORTS, 'Istio ztunnel');
  if (model.delivery) {
    unsupported('delivery', model.delivery.engine, 'the delivery controllers are set up for sidecars here, not for a waypoint\'s Gateway API routes',
      'remove delivery, or use IstioDataplane.SIDECAR');
  }
  if (model.versions.length + 1 > MAX_TARGET_REFS) {
    r.fail('versions', model.versions.map((v) => v.name), `${model.versions.length} versions: the waypoint policies target the Service and each version Service, at most ${MAX_TARGET_REFS} targetRefs`,
      `use at most ${MAX_TARGET_REFS - 1} versions`);
  }

  for (const route of model.routes) {
    if (route.retry) {
      unsupported(`${route.retryFrom}.retry`, { attempts: route.retry.attempts },
        'the waypoint applies Gateway API routes, and Gateway API v1.6.1 standard has no retry field: a route gets the mesh\'s default retry policy',
        'remove retry, or use IstioDataplane.SIDECAR for retries of your own');
    }
    if (ambient.meshDefaultRetry === MeshDefaultRetry.ISTIO_DEFAULT) checkRetriedByDefault(model, route, unsupported);
  }
  // An API method folded into another route is retried with it.
  if (ambient.meshDefaultRetry === MeshDefaultRetry.ISTIO_DEFAULT) {
    (model.apiMethods ?? []).forEach((m, i) => {
      if (!m.idempotent) notRetriable(unsupported, `api.methods[${i}].idempotent`, false, 'declare it idempotent (idempotent: true in methods, or idempotency_level in the .proto)');
    });
  }
}

type Unsupported = (prop: string, value: unknown, reason: string, fix: string) => never;

/** With Istio's default retry on every route, a route that must not be retried cannot be honoured. */
function checkRetriedByDefault(model: ServiceModel, route: RouteModel, unsupported: Unsupported): void {
  if (route.idempotent && !route.retryExplicit) return;
  if (route.retryExplicit) {
    notRetriable(unsupported, `${route.prop}.retry`, { attempts: 0 }, 'remove the retry');
  } else if (!route.match) {
    notRetriable(unsupported, 'undeclaredMethods', model.undeclaredMethods,
      'set undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT if every undeclared method may be retried');
  } else {
    notRetriable(unsupported, `${route.prop}.idempotent`, false, 'declare it idempotent');
  }
}

function notRetriable(unsupported: Unsupported, prop: string, value: unknown, fix: string): never {
  return unsupported(prop, value,
    `a call that must not be retried would be: ${ISTIO_DEFAULT_RETRY} (MeshDefaultRetry.ISTIO_DEFAULT)`,
    `${fix}, or install Istio with meshConfig.defaultHttpRetryPolicy.attempts 0 and set meshDefaultRetry: MeshDefaultRetry.NONE`);
}
