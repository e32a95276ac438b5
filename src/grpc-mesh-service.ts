import { ApiObject, Chart } from 'cdk8s';
import { ContainerResources } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { AuthorizationOptions } from './client';
import { ArgoRolloutsResources } from './delivery/argo-resources';
import { checkDelivery } from './delivery/checks';
import { Delivery } from './delivery/delivery';
import { FlaggerResources } from './delivery/flagger-resources';
import { deliveryCreatedObjects, renderDelivery } from './delivery/render';
import { deliveryWorkloadTraits } from './delivery/workload-traits';
import { Reporter } from './errors';
import { IngressOptions } from './ingress';
import { NameSource, claimCreatedNames, claimObjectNames } from './name-registry';
import { formatFinding, LintAcknowledgement, LintFinding, lintObjects, LintSeverity } from './lint';
import { annotateAcknowledgements } from './lint/annotations';
import { failing, lintModel, renderedObjects } from './lint/lint';
import { LoadBalancer } from './load-balancer';
import { Mesh, checkProvider } from './mesh';
import { IMeshResources } from './mesh-provider';
import { ServiceModel } from './model/model';
import { normalise } from './model/normalise';
import { MutualTlsMode } from './options';
import {
  ClientServiceConfigOptions, GrpcServiceConfig, addClientConfigMap, clientServiceConfig,
} from './client-config/service-config';
import { GrpcApi } from './proto/grpc-api';
import { GrpcProbeOptions } from './probe';
import { MethodRouteOptions, RouteOptions, UndeclaredMethods } from './route';
import { TelemetryOptions } from './telemetry';
import { ConnectionPoolOptions, OutlierDetectionOptions } from './traffic-policy';
import { VersionOptions } from './version';
import { GrpcWorkload } from './workload/grpc-workload';
import {
  AutoscalingOptions, DisruptionBudget, DrainOptions, HealthPortPolicyOptions, TopologySpreadOptions,
} from './workload/options';

/** Props of a {@link GrpcMeshService}. */
export interface GrpcMeshServiceProps {
  /** The mesh to render for, e.g. `Mesh.istio()`. */
  readonly mesh: Mesh;

  /**
   * The service name: the Service, the ServiceAccount and the `app` label. A DNS-1035 label
   * (lowercase letters, digits and "-", starting with a letter).
   *
   * @default - the construct id
   */
  readonly serviceName?: string;

  /**
   * The namespace of every object.
   *
   * @default - the chart's namespace, else 'default'
   */
  readonly namespace?: string;

  /**
   * The gRPC port of the container and the Service (named `grpc`).
   *
   * @default 50051
   */
  readonly port?: number;

  /**
   * A separate port for the gRPC health service, kept out of the mesh so that the kubelet's
   * probes reach it directly. Istio passes probes under STRICT mTLS without it (it rewrites
   * them); Linkerd needs it or probe authorization. The port is plain text and outside the
   * mesh's authorization, so anything on the cluster network can reach it.
   *
   * @default - probes use the gRPC port
   */
  readonly healthPort?: number;

  /** The versions, each a Deployment and a subset or backend of the mesh. At least one. */
  readonly versions: VersionOptions[];

  /**
   * The container image of versions that set none.
   *
   * @default - each version sets its own
   */
  readonly image?: string;

  /**
   * The pods of versions that set none.
   *
   * @default 2
   */
  readonly replicas?: number;

  /**
   * A HorizontalPodAutoscaler for each version that sets neither `autoscaling` nor `replicas`.
   * Setting it together with the service's `replicas` is an error.
   *
   * @default - no autoscaling: `replicas` pods
   */
  readonly autoscaling?: AutoscalingOptions;

  /**
   * The PodDisruptionBudget of versions that set none.
   *
   * @default - `DisruptionBudget.maxUnavailable(1)` for versions with more than one pod (their
   * `minReplicas` when autoscaled), none for the others
   */
  readonly disruptionBudget?: DisruptionBudget;

  /**
   * How each version's pods are spread over zones and nodes.
   *
   * @default - spread over zones and nodes, max skew 1, scheduled anyway when it cannot be met
   */
  readonly topologySpread?: TopologySpreadOptions;

  /**
   * How a pod stops: pre-stop delay, stream drain, drain window, termination grace period, and the
   * mesh proxy's lifecycle (it starts before the server and stops after it).
   *
   * @default - 5s pre-stop delay, 30s stream drain, 5s drain window
   */
  readonly drain?: DrainOptions;

  /**
   * With `healthPort`: the NetworkPolicy that admits the health port only from the probe networks.
   *
   * @default - on, probes from the pod's own node only
   */
  readonly healthPortPolicy?: HealthPortPolicyOptions;

  /**
   * CPU and memory of versions that set none.
   *
   * @default - requests 100m CPU and 128Mi, limits 500m CPU and 512Mi
   */
  readonly resources?: ContainerResources;

  /**
   * The gRPC readiness probe.
   *
   * @default - after 5s, every 10s
   */
  readonly readinessProbe?: GrpcProbeOptions;

  /**
   * The gRPC liveness probe.
   *
   * @default - after 15s, every 20s
   */
  readonly livenessProbe?: GrpcProbeOptions;

  /**
   * The route for every call no method route matches. It comes last. Its weights apply to every
   * method that sets none; its timeout and retry are what the declared methods inherit, and
   * apply to the undeclared methods only as far as `undeclaredMethods` allows.
   *
   * @default - all calls to the first version, no timeout, no retries
   */
  readonly defaultRoute?: RouteOptions;

  /**
   * What the mesh may assume of the methods that neither `methods` nor `api` declares (the calls
   * the default route carries). Unknown by default: they get no timeout and no retries, so that a
   * streaming method is never cut and a non-idempotent one never retried.
   *
   * @default UndeclaredMethods.UNKNOWN
   */
  readonly undeclaredMethods?: UndeclaredMethods;

  /**
   * Routes for single methods or whole services, with their own timeout, retries and weights.
   *
   * @default - none
   */
  readonly methods?: MethodRouteOptions[];

  /**
   * The gRPC API the service implements, read from its `.proto` files
   * (`GrpcApi.fromProtoFiles([...])`). Every declared method then gets the route its kind
   * calls for: streaming methods no timeout and no retries; `NO_SIDE_EFFECTS` and `IDEMPOTENT`
   * methods the default route's retries; methods without `idempotency_level` no retries unless
   * their `methods` entry sets `retry`. `methods` entries become overrides, and must name
   * declared methods or services.
   *
   * @default - no API: only the `methods` routes and the default route
   */
  readonly api?: GrpcApi;

  /**
   * Connection and request limits per client proxy.
   *
   * @default - the mesh defaults
   */
  readonly connectionPool?: ConnectionPoolOptions;

  /**
   * How calls are spread over endpoints.
   *
   * @default - the mesh default (least request on Istio)
   */
  readonly loadBalancer?: LoadBalancer;

  /**
   * Ejection of failing endpoints.
   *
   * @default - none
   */
  readonly outlierDetection?: OutlierDetectionOptions;

  /**
   * Mutual TLS for calls into the service.
   *
   * @default MutualTlsMode.STRICT
   */
  readonly mtls?: MutualTlsMode;

  /**
   * Who may call the service.
   *
   * @default - every mesh workload in the service's own namespace; nobody else
   */
  readonly authorization?: AuthorizationOptions;

  /**
   * Tracing and access logging.
   *
   * @default - the mesh-wide settings
   */
  readonly telemetry?: TelemetryOptions;

  /**
   * Exposure outside the cluster through the mesh's ingress gateway.
   *
   * @default - not exposed
   */
  readonly ingress?: IngressOptions;

  /**
   * Progressive delivery: a controller (Flagger or Argo Rollouts) shifts calls to the canary step by
   * step and rolls it back when the gRPC success rate or latency goes bad. Needs one version.
   *
   * @default - none: the routes' static `weights`
   */
  readonly delivery?: Delivery;

  /**
   * Treat lint warnings (see the lint table in docs/lint.md) as errors that fail synth.
   *
   * @default false
   */
  readonly strict?: boolean;

  /**
   * Lint warnings accepted on purpose, each for one rule at one place (a method's or service's
   * route, the default route, or the whole service) and with its reason: they are neither printed
   * nor failing under `strict`. An acknowledgement that matches no finding is a warning (GM120).
   *
   * @default - none
   */
  readonly lintAcknowledgements?: LintAcknowledgement[];
}

/**
 * A gRPC service in a service mesh: its workload (ServiceAccount, a Deployment per version,
 * Service) and the mesh objects for its routes, traffic policy, security and telemetry.
 */
export class GrpcMeshService extends Construct {
  /** The checked, mesh-neutral model the objects were rendered from. */
  public readonly model: ServiceModel;
  /** The ServiceAccount, Deployments and Services. */
  public readonly workload: GrpcWorkload;
  /**
   * The mesh's objects (e.g. `IstioResources`), children of the service itself; use
   * `IstioResources.of(service)` for typed access.
   */
  public readonly meshResources: IMeshResources;
  /**
   * The delivery controller's objects, children of the service itself, with `delivery`; use
   * `FlaggerResources.of(service)` or `ArgoRolloutsResources.of(service)` for typed access.
   */
  public readonly deliveryResources?: FlaggerResources | ArgoRolloutsResources;
  /** The prop the service's object names derive from, for name errors. */
  private readonly nameSource: NameSource;

  public constructor(scope: Construct, id: string, props: GrpcMeshServiceProps) {
    super(scope, id);
    const path = this.node.path;
    const r = new Reporter(path);
    if (!props || typeof props !== 'object') r.fail('props', props, 'not an object', 'pass the GrpcMeshService props, e.g. { mesh: Mesh.istio(), versions: [...] }');
    if (props.mesh === null || typeof props.mesh !== 'object' || !('provider' in props.mesh)) {
      r.fail('mesh', props.mesh, 'not a Mesh', 'set mesh: Mesh.istio() or Mesh.linkerd()');
    }
    checkProvider(r, props.mesh.provider);
    const name = props.serviceName ?? id;
    const namespace = props.namespace ?? Chart.of(this).namespace ?? 'default';
    const provider = props.mesh.provider;
    this.model = normalise(path, name, namespace, props);
    provider.check(this.model);
    checkDelivery(this.model, provider, props.serviceName === undefined ? 'id (the service name)' : 'serviceName');
    this.workload = new GrpcWorkload(this, this.model, deliveryWorkloadTraits(this.model, provider.workloadTraits(this.model)));
    this.meshResources = provider.render(this, this.model);
    this.deliveryResources = renderDelivery(this, this.model, provider, this.workload, this.meshResources);
    this.nameSource = { prop: props.serviceName === undefined ? 'id (the service name)' : 'serviceName', value: name };
    claimObjectNames(this, namespace, this.nameSource);
    claimCreatedNames(this, this.nameSource, deliveryCreatedObjects(this.model));
    annotateAcknowledgements(this, this.model);
    const strict = props.strict ?? false;
    // The props' lint, computed once, now: the model does not change. cdk8s validates the whole
    // app again for every chart it renders, so a service without findings adds no validation at
    // all, and one with findings reports them from the list. The written objects are linted by
    // the `cdk8s-grpc-mesh validate` command and the cdk8s-cli plugin (see lint/lint.ts).
    const findings = lintModel(this.model);
    if (findings.length > 0) this.node.addValidation({ validate: () => this.validateLint(findings, strict) });
  }

  /**
   * The gRPC service config for this service's clients (`methodConfig` and
   * `loadBalancingConfig`), from the same routes the mesh renders: per-method timeouts; never a
   * retry policy (the mesh retries, a call is never retried twice); `pick_first`, as the mesh
   * balances every request. `{ clientInMesh: false }`: a client through the ingress gateway (an
   * error without `ingress`).
   */
  public clientServiceConfig(options?: ClientServiceConfigOptions): GrpcServiceConfig {
    return clientServiceConfig(this.model, options);
  }

  /**
   * Adds a ConfigMap `<name>-grpc-client-config` with the client service config under the
   * key `service-config.json` (stable, two-space JSON). Call it once.
   */
  public addClientConfigMap(options?: ClientServiceConfigOptions): ApiObject {
    const configMap = addClientConfigMap(this, this.model, options);
    claimObjectNames(this, this.model.namespace, this.nameSource, [configMap]);
    return configMap;
  }

  /** Lints the model and the objects as they will be written (escape-hatch patches included). */
  public lint(): LintFinding[] {
    return lintObjects(this.model, renderedObjects(this));
  }

  private validateLint(findings: LintFinding[], strict: boolean): string[] {
    if (!WARNED.has(this) && !process.env.GRPC_MESH_LINT_QUIET) {
      WARNED.add(this);
      for (const f of findings) {
        if (f.severity === LintSeverity.WARNING && !strict) process.stderr.write(`[${this.node.path}] ${formatFinding(f)}\n`);
      }
    }
    return failing(findings, strict).map(formatFinding);
  }
}

/** Services whose warnings were printed already: synth may validate more than once. */
const WARNED = new WeakSet<GrpcMeshService>();
