import { ServiceModel } from '../model/model';

// The proxy lifecycle annotations, the same on Linkerd 2.15 to edge-26.8 (linkerd2 pkg/k8s/labels.go,
// pkg/inject/inject.go, charts/partials/templates/_proxy.tpl):
// - `config.linkerd.io/proxy-await` ("enabled" / "disabled"; default enabled): the application
//   container starts once the proxy is ready (a postStart hook, or a startup probe on a native sidecar).
// - `config.alpha.linkerd.io/proxy-wait-before-exit-seconds` (whole seconds; default 0): a preStop
//   sleep of the proxy container, which must be shorter than the grace period. A native sidecar
//   (the default from 2.20, and edge) ignores it: it stops after the application anyway.
// - `config.linkerd.io/shutdown-grace-period` (a Go duration; default: the proxy's own): how long
//   the proxy waits for open connections once it is told to stop.
export const PROXY_AWAIT = 'config.linkerd.io/proxy-await';
export const PROXY_WAIT_BEFORE_EXIT = 'config.alpha.linkerd.io/proxy-wait-before-exit-seconds';
export const PROXY_SHUTDOWN_GRACE_PERIOD = 'config.linkerd.io/shutdown-grace-period';

/**
 * The proxy starts before the application and stops after it: it keeps serving until the grace
 * period less the drain window, then closes its connections within the drain window.
 */
export function linkerdProxyLifecycleAnnotations(model: ServiceModel): { [key: string]: string } {
  return {
    [PROXY_AWAIT]: 'enabled',
    [PROXY_WAIT_BEFORE_EXIT]: String(model.drain.proxyDrainSeconds),
    [PROXY_SHUTDOWN_GRACE_PERIOD]: `${model.drain.drainWindowSeconds}s`,
  };
}

/** The proxy's ports that other pods connect to: 4143 (inbound, for meshed clients), 4191 (admin, metrics). */
export const LINKERD_INBOUND_PROXY_PORTS: readonly number[] = [4143, 4191];
