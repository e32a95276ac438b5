/** The labels ambient mode reads (istio/api `label/labels.yaml`, read by istiod 1.30). */
export const AMBIENT_LABELS = {
  /** On a pod or namespace: enrolls it in ambient mode. */
  dataplaneMode: 'istio.io/dataplane-mode',
  /** On a Service (or its namespace): the waypoint its traffic goes through. */
  useWaypoint: 'istio.io/use-waypoint',
  /** Beside `use-waypoint`, when the waypoint is in another namespace. */
  useWaypointNamespace: 'istio.io/use-waypoint-namespace',
  /** On a Service: calls from an ingress gateway go through its waypoint too (and meet its policies). */
  ingressUseWaypoint: 'istio.io/ingress-use-waypoint',
  /** On a waypoint Gateway: which traffic it takes (`service`, `workload`, `all`, `none`). */
  waypointFor: 'istio.io/waypoint-for',
} as const;

/** ztunnel's HBONE port in each ambient pod: every meshed call arrives on it. */
export const ZTUNNEL_INBOUND_PORT = 15008;

/**
 * The ports ztunnel listens on inside every ambient pod's network namespace (in-pod redirection:
 * outbound 15001, inbound plain text 15006, HBONE 15008, DNS 15053), which the application cannot use.
 */
export const ZTUNNEL_POD_PORTS: readonly number[] = [15001, 15006, 15008, 15053];

/** The waypoint GatewayClass Istio installs. */
export const WAYPOINT_CLASS = 'istio-waypoint';
