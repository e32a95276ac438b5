import { Reporter } from '../errors';
import { dnsLabel, dnsSubdomain, notProxyPorts } from '../model/checks';
import { ServiceModel } from '../model/model';
import type { IstioAmbientProvider } from './ambient-provider';
import { AmbientEnrollment, Waypoint } from './ambient-options';
import { ZTUNNEL_POD_PORTS } from './labels';

/** `targetRefs` holds at most 16 references: the service's Service and its version Services. */
const MAX_TARGET_REFS = 16;

/** What the waypoint does to every Gateway API route (istio/istio `route/retry`, `ConvertPolicy` of no policy). */
const DEFAULT_RETRY = 'every route gets Istio\'s default retry policy, 2 retries on connect-failure, refused-stream, unavailable and cancelled';

/** Rejects, with a clear error, the options and the parts of the model ambient mode cannot honour. */
export function checkAmbient(r: Reporter, model: ServiceModel, ambient: IstioAmbientProvider): void {
  const unsupported = (prop: string, value: unknown, reason: string, fix: string): never =>
    r.fail(prop, value, `not supported on Istio ambient (${reason})`, fix);

  const notRetried = (prop: string): never => unsupported(prop, false,
    `a method that must not be retried cannot be kept from it: ${DEFAULT_RETRY}, and Gateway API v1.6.1 standard cannot turn it off`,
    'use IstioDataplane.SIDECAR for a method that must never be retried, or declare it idempotent (idempotent: true in methods, or idempotency_level in the .proto)');

  if (!Object.values(AmbientEnrollment).includes(ambient.enrollment)) {
    r.fail('mesh.ambientEnrollment', ambient.enrollment, 'not an AmbientEnrollment', `use one of AmbientEnrollment: ${Object.values(AmbientEnrollment).join(', ')}`);
  }
  const w = ambient.waypoint;
  if (!(w instanceof Waypoint)) {
    r.fail('mesh.waypoint', w, 'not a Waypoint', 'use Waypoint.dedicated() or Waypoint.existing({ name })');
  }
  if (w.existing) {
    dnsLabel(r, 'mesh.waypoint.name', w.name);
    if (w.namespace !== undefined) dnsLabel(r, 'mesh.waypoint.namespace', w.namespace);
    if (w.serviceAccount !== undefined) dnsSubdomain(r, 'mesh.waypoint.serviceAccount', w.serviceAccount);
  }
  notProxyPorts(r, model, ZTUNNEL_POD_PORTS, 'Istio ztunnel');
  if (model.versions.length + 1 > MAX_TARGET_REFS) {
    r.fail('versions', model.versions.map((v) => v.name), `${model.versions.length} versions: the waypoint policies target the Service and each version Service, at most ${MAX_TARGET_REFS} targetRefs`,
      `use at most ${MAX_TARGET_REFS - 1} versions`);
  }

  for (const route of model.routes) {
    if (route.retryExplicit) {
      unsupported(`${route.prop}.retry`, route.retry === undefined ? { attempts: 0 } : { attempts: route.retry.attempts },
        `the waypoint applies Gateway API routes, and Gateway API v1.6.1 standard has no retry field: ${DEFAULT_RETRY}`,
        'remove retry (Istio\'s default retry then applies), or use IstioDataplane.SIDECAR for retries of your own');
    }
    if (!route.idempotent) notRetried(`${route.prop}.idempotent`);
  }
  // An API method that has no route of its own (its policy is another route's) is retried all the same.
  (model.apiMethods ?? []).forEach((m, i) => {
    if (!m.idempotent) notRetried(`api.methods[${i}].idempotent`);
  });
}
