import { ServiceModel } from '../model/model';

/** Istio's per-pod proxy settings (a ProxyConfig, as YAML or JSON). */
export const PROXY_CONFIG_ANNOTATION = 'proxy.istio.io/config';

/**
 * The sidecar starts before the application (`holdApplicationUntilProxyStarts`, off by default) and,
 * once the pod is deleted, keeps serving until the application has finished its in-flight calls:
 * `terminationDrainDuration` (default 5s) is the grace period less the drain window.
 */
export function istioProxyLifecycleAnnotations(model: ServiceModel): { [key: string]: string } {
  return {
    [PROXY_CONFIG_ANNOTATION]: JSON.stringify({
      holdApplicationUntilProxyStarts: true,
      terminationDrainDuration: `${model.drain.proxyDrainSeconds}s`,
    }),
  };
}

/**
 * The sidecar's ports that other pods connect to: 15008 (HBONE), 15020 (merged metrics), 15021
 * (health), 15090 (Envoy metrics).
 */
export const ISTIO_INBOUND_PROXY_PORTS: readonly number[] = [15008, 15020, 15021, 15090];
