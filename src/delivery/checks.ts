import { Reporter } from '../errors';
import { IMeshProvider } from '../mesh-provider';
import { ServiceModel } from '../model/model';
import { Streaming } from '../options';
import { DeliveryEngine } from './delivery';
import { checkFlaggerNames, checkFlaggerTrafficPolicy } from './flagger-service';
import { DeliveryMesh, deliveryMesh } from './target';

const ENGINE_NAMES: { [E in DeliveryEngine]: string } = {
  [DeliveryEngine.FLAGGER]: 'Flagger',
  [DeliveryEngine.ARGO_ROLLOUTS]: 'Argo Rollouts',
};

/** A readable name for an engine, for messages. */
export function engineName(engine: DeliveryEngine): string {
  return ENGINE_NAMES[engine];
}

/**
 * Rejects, with the usual error, a delivery engine on a mesh it cannot route on and every prop the
 * engine cannot carry there. Runs after the mesh's own checks.
 */
export function checkDelivery(model: ServiceModel, provider: IMeshProvider, nameProp: string): void {
  const d = model.delivery;
  if (!d) return;
  const r: Reporter = new Reporter(model.path);
  const engine = engineName(d.engine);
  const mesh = deliveryMesh(provider);
  if (mesh === undefined) {
    r.fail('delivery', engine, `no routing for ${engine} on the mesh ${JSON.stringify(provider.displayName)}`,
      'use Mesh.istio() or Mesh.linkerd(), or remove delivery');
  }
  if (model.versions.length !== 1) {
    r.fail('versions', model.versions.map((v) => v.name),
      `one version at a time with ${engine}: the canary is the next image of that version`,
      'declare one version and change its image to start a canary');
  }
  if (d.maxLatencyMs !== undefined) {
    const streaming = model.routes.find((route) => route.streaming !== Streaming.UNARY)
      ?? model.apiMethods?.find((m) => m.streaming !== Streaming.UNARY);
    if (streaming) {
      const name = 'prop' in streaming ? streaming.prop : `api (${streaming.match.service}/${streaming.match.method})`;
      r.fail('delivery.maxLatency', `${d.maxLatencyMs}ms`,
        `the proxies' latency histograms have no method label, and a streaming call (${name}) lasts as long as its stream`,
        'remove maxLatency and rely on the success rate');
    }
  }
  if (d.engine === DeliveryEngine.FLAGGER) checkFlagger(r, model, mesh, nameProp);
  else checkArgoRollouts(r, mesh);
}

function checkFlagger(r: Reporter, model: ServiceModel, mesh: DeliveryMesh, nameProp: string): void {
  // The ServiceProfile keeps per-method routes on Linkerd's legacy API; elsewhere Flagger writes the one route.
  if (mesh !== DeliveryMesh.LINKERD_LEGACY && model.routes.length > 1) {
    const route = model.routes[0];
    r.fail(route.prop, route.match ? `${route.match.service}${route.match.method ? `/${route.match.method}` : ''}` : route.name,
      'one route for the whole service with Flagger, so a method route with its own timeout, retries or weights cannot be carried',
      'remove the method routes (or the api methods whose policy differs from the default route), or use Delivery.argoRollouts() on Istio, which shifts every named route');
  }
  checkFlaggerNames(r, model, nameProp);
  if (mesh === DeliveryMesh.ISTIO) checkFlaggerTrafficPolicy(r, model);
  if (mesh === DeliveryMesh.LINKERD) {
    const route = model.routes[model.routes.length - 1];
    if (route.retry) {
      r.fail(`${route.retryFrom}.retry`, route.retry.attempts,
        'the HTTPRoute Flagger writes for Linkerd retries on HTTP statuses only, never on a gRPC status',
        'remove the retry, or use LinkerdMode.SERVICE_PROFILE, whose ServiceProfile keeps the retries');
    }
  }
}

function checkArgoRollouts(r: Reporter, mesh: DeliveryMesh): void {
  if (mesh === DeliveryMesh.LINKERD_LEGACY) {
    r.fail('delivery', 'Argo Rollouts',
      'on Linkerd\'s legacy API, Argo Rollouts needs an SMI TrafficSplit of its own over canary and stable Services, which this library does not render yet',
      'use Delivery.flagger(), which renders a Canary for LinkerdMode.SERVICE_PROFILE');
  }
  if (mesh === DeliveryMesh.LINKERD) {
    r.fail('delivery', 'Argo Rollouts',
      'no Gateway API routing in Argo Rollouts without its Gateway API plugin, a separate binary',
      'use Delivery.flagger(), or Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }) for an SMI TrafficSplit');
  }
}
