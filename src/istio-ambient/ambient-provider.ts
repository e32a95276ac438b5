import { Construct } from 'constructs';
import { Reporter } from '../errors';
import { IstioOptions } from '../istio/istio-options';
import { ISTIO_MESH } from '../istio/definition';
import { IstioProvider } from '../istio/istio-provider';
import { IMeshProvider, WorkloadTraits } from '../mesh-provider';
import { ServiceModel } from '../model/model';
import { checkAmbient, checkAmbientOptions } from './ambient-checks';
import { AmbientEnrollment, MeshDefaultRetry, Waypoint } from './ambient-options';
import { IstioAmbientResources } from './ambient-resources';
import { AMBIENT_LABELS, ZTUNNEL_INBOUND_PORT } from './labels';

/** Where the service's waypoint is and who it is. */
export interface WaypointRef {
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  /** Whether the library creates it (a dedicated waypoint). */
  readonly dedicated: boolean;
}

/**
 * Renders the model for Istio's ambient data plane (Istio 1.24 and later, validated against 1.30):
 * ztunnel for mTLS and L4 authorization, a waypoint for the routes and the L7 policies.
 */
export class IstioAmbientProvider implements IMeshProvider {
  public readonly displayName = 'Istio ambient';
  public readonly definition = ISTIO_MESH;
  /** The options every Istio data plane reads (trust domain, cluster domain, access-log provider). */
  public readonly istio: IstioProvider;
  public readonly enrollment: AmbientEnrollment;
  public readonly waypoint: Waypoint;
  public readonly meshDefaultRetry: MeshDefaultRetry;

  public constructor(public readonly options: IstioOptions) {
    this.istio = new IstioProvider(options);
    // Wrong-typed values are kept as they are, to be reported with the option.
    const o: IstioOptions = options !== null && typeof options === 'object' ? options : {};
    this.enrollment = o.ambientEnrollment === undefined ? AmbientEnrollment.POD : o.ambientEnrollment;
    this.waypoint = o.waypoint === undefined ? Waypoint.dedicated() : o.waypoint;
    this.meshDefaultRetry = o.meshDefaultRetry === undefined ? MeshDefaultRetry.ISTIO_DEFAULT : o.meshDefaultRetry;
    checkAmbientOptions(this);
  }

  public check(model: ServiceModel): void {
    checkAmbient(new Reporter(model.path), model, this);
  }

  /** The waypoint of the service: its own `<service>-waypoint`, or the existing one. */
  public waypointOf(model: ServiceModel): WaypointRef {
    const w = this.waypoint;
    if (!w.existing) {
      const name = `${model.name}-waypoint`;
      return { name, namespace: model.namespace, serviceAccount: name, dedicated: true };
    }
    return { name: w.name!, namespace: w.namespace ?? model.namespace, serviceAccount: w.serviceAccount ?? w.name!, dedicated: false };
  }

  public workloadTraits(model: ServiceModel): WorkloadTraits {
    const waypoint = this.waypointOf(model);
    return {
      podLabels: this.enrollment === AmbientEnrollment.POD ? { [AMBIENT_LABELS.dataplaneMode]: 'ambient' } : {},
      podAnnotations: {},
      appProtocol: 'grpc',
      serviceAnnotations: {},
      // Service traffic (the waypoint's default) is bound by a label on each Service; the version
      // Services are the routes' backends and bound too, so that a call to them meets the same policies.
      serviceLabels: {
        [AMBIENT_LABELS.useWaypoint]: waypoint.name,
        ...(waypoint.namespace === model.namespace ? {} : { [AMBIENT_LABELS.useWaypointNamespace]: waypoint.namespace }),
        ...(model.ingress ? { [AMBIENT_LABELS.ingressUseWaypoint]: 'true' } : {}),
      },
      versionServices: true,
      proxyInboundPorts: [ZTUNNEL_INBOUND_PORT],
    };
  }

  public render(scope: Construct, model: ServiceModel): IstioAmbientResources {
    return new IstioAmbientResources(scope, model, this);
  }
}
