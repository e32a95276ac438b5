import { ContainerResources } from 'cdk8s-plus-27';
import { Reporter } from '../errors';
import type { GrpcMeshServiceProps } from '../grpc-mesh-service';
import { JwtOptions } from '../ingress';
import { array, integer, isLabelKey, nonEmptyString, object, seconds } from '../model/checks';
import {
  AutoscalingModel, DisruptionBudgetModel, DrainModel, HealthPortPolicyModel, JwtModel, RouteModel, TopologySpreadModel,
} from '../model/model';
import { parsePrefix } from '../model/go-netip';
import { Streaming } from '../options';
import { VersionOptions } from '../version';
import { AutoscalingOptions, DisruptionBudget, DisruptionBudgetKind } from './options';

// The production side of the workload (scaling, budgets, spreading, drain, health-port isolation),
// checked once and turned into the model.

export const DEFAULT_MIN_REPLICAS = 2;
export const DEFAULT_CPU_UTILIZATION = 80;
export const DEFAULT_TOPOLOGY_KEYS = ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'];
export const DEFAULT_DRAIN = { preStopDelaySeconds: 5, streamDrainSeconds: 30, drainWindowSeconds: 5 };

const MAX_REPLICAS = 10_000;

export interface VersionScaling {
  readonly replicas: number;
  readonly autoscaling?: AutoscalingModel;
  readonly disruptionBudget?: DisruptionBudgetModel;
}

/** The replicas, autoscaler and disruption budget of one version. */
export function normaliseScaling(
  r: Reporter, prop: string, v: VersionOptions, props: GrpcMeshServiceProps, resources: ContainerResources | undefined, defaultReplicas: number,
): VersionScaling {
  if (props.autoscaling !== undefined && props.replicas !== undefined) {
    r.fail('autoscaling', props.autoscaling, 'set together with replicas', 'drop the service\'s replicas, or set replicas on the versions that must not be autoscaled');
  }
  if (v.autoscaling !== undefined && v.replicas !== undefined) {
    r.fail(`${prop}.autoscaling`, v.autoscaling, 'set together with replicas', `drop ${prop}.replicas: minReplicas and maxReplicas bound an autoscaled version`);
  }
  const own = v.autoscaling !== undefined;
  const options = own ? v.autoscaling : (v.replicas === undefined ? props.autoscaling : undefined);
  const autoscaling = options === undefined
    ? undefined
    : normaliseAutoscaling(r, own ? `${prop}.autoscaling` : 'autoscaling', options, resources);
  let replicas: number;
  if (autoscaling) {
    replicas = autoscaling.minReplicas;
  } else {
    replicas = v.replicas ?? props.replicas ?? defaultReplicas;
    integer(r, v.replicas === undefined ? 'replicas' : `${prop}.replicas`, replicas, 0, MAX_REPLICAS);
  }
  const budgetProp = v.disruptionBudget !== undefined ? `${prop}.disruptionBudget` : 'disruptionBudget';
  const budget = normaliseBudget(r, budgetProp, v.disruptionBudget ?? props.disruptionBudget, replicas);
  return { replicas, ...(autoscaling ? { autoscaling } : {}), ...(budget ? { disruptionBudget: budget } : {}) };
}

function normaliseAutoscaling(r: Reporter, prop: string, a: AutoscalingOptions, resources: ContainerResources | undefined): AutoscalingModel {
  object(r, prop, a, 'pass { minReplicas?, maxReplicas, cpuUtilization?, memoryUtilization? }');
  if (a.maxReplicas === undefined) r.fail(`${prop}.maxReplicas`, undefined, 'missing', 'set the most pods the autoscaler may run');
  const maxReplicas = integer(r, `${prop}.maxReplicas`, a.maxReplicas, 1, MAX_REPLICAS);
  const minReplicas = integer(r, `${prop}.minReplicas`, a.minReplicas ?? DEFAULT_MIN_REPLICAS, 0, MAX_REPLICAS);
  if (maxReplicas < minReplicas) {
    r.fail(`${prop}.maxReplicas`, maxReplicas, `below minReplicas ${minReplicas}${a.minReplicas === undefined ? ' (the default)' : ''}`, `set maxReplicas to at least ${minReplicas}, or lower minReplicas`);
  }
  const utilization = (key: 'cpuUtilization' | 'memoryUtilization', value: number | undefined) =>
    (value === undefined ? undefined : integer(r, `${prop}.${key}`, value, 1, 100));
  const memoryUtilization = utilization('memoryUtilization', a.memoryUtilization);
  const cpuUtilization = utilization('cpuUtilization', a.cpuUtilization) ?? (memoryUtilization === undefined ? DEFAULT_CPU_UTILIZATION : undefined);
  // Utilization is a percentage of the request (which Kubernetes takes from the limit when only that is set).
  const requests = (key: 'cpu' | 'memory') => resources === undefined || resources[key]?.request !== undefined || resources[key]?.limit !== undefined;
  if (cpuUtilization !== undefined && !requests('cpu')) {
    r.fail(`${prop}.cpuUtilization`, cpuUtilization, 'the version\'s resources set no CPU request', 'set resources.cpu.request: CPU utilization is a percentage of it');
  }
  if (memoryUtilization !== undefined && !requests('memory')) {
    r.fail(`${prop}.memoryUtilization`, memoryUtilization, 'the version\'s resources set no memory request', 'set resources.memory.request: memory utilization is a percentage of it');
  }
  return {
    minReplicas,
    maxReplicas,
    ...(cpuUtilization === undefined ? {} : { cpuUtilization }),
    ...(memoryUtilization === undefined ? {} : { memoryUtilization }),
  };
}

function normaliseBudget(r: Reporter, prop: string, budget: DisruptionBudget | undefined, replicas: number): DisruptionBudgetModel | undefined {
  if (budget === undefined) {
    return replicas > 1 ? { field: 'maxUnavailable', value: 1, percent: false, prop: 'disruptionBudget (default)' } : undefined;
  }
  if (!(budget instanceof DisruptionBudget)) {
    r.fail(prop, budget, 'not a DisruptionBudget', 'use DisruptionBudget.maxUnavailable(n), maxUnavailablePercent(p), minAvailable(n), minAvailablePercent(p) or none()');
  }
  switch (budget.kind) {
    case DisruptionBudgetKind.NONE: return undefined;
    case DisruptionBudgetKind.MAX_UNAVAILABLE:
      return { field: 'maxUnavailable', value: integer(r, prop, budget.value, 0, MAX_REPLICAS), percent: false, prop };
    case DisruptionBudgetKind.MIN_AVAILABLE:
      return { field: 'minAvailable', value: integer(r, prop, budget.value, 0, MAX_REPLICAS), percent: false, prop };
    case DisruptionBudgetKind.MAX_UNAVAILABLE_PERCENT:
      return { field: 'maxUnavailable', value: integer(r, prop, budget.value, 0, 100), percent: true, prop };
    case DisruptionBudgetKind.MIN_AVAILABLE_PERCENT:
      return { field: 'minAvailable', value: integer(r, prop, budget.value, 0, 100), percent: true, prop };
    default:
      return r.fail(prop, budget.kind, 'unknown disruption budget', 'use one of the DisruptionBudget factories');
  }
}

function flag(r: Reporter, prop: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') r.fail(prop, value, 'not a boolean', 'set true or false');
  return value;
}

export function normaliseTopologySpread(r: Reporter, props: GrpcMeshServiceProps): TopologySpreadModel | undefined {
  const t = props.topologySpread ?? {};
  object(r, 'topologySpread', t, 'pass { enabled?, topologyKeys?, maxSkew?, required? }');
  if (!flag(r, 'topologySpread.enabled', t.enabled, true)) return undefined;
  const keys = t.topologyKeys === undefined ? DEFAULT_TOPOLOGY_KEYS : array(r, 'topologySpread.topologyKeys', t.topologyKeys, 'pass a list of node label keys');
  if (keys.length === 0) r.fail('topologySpread.topologyKeys', keys, 'no keys', 'name at least one node label, or set enabled: false');
  keys.forEach((k, i) => {
    if (!isLabelKey(k)) {
      r.fail(`topologySpread.topologyKeys[${i}]`, k, 'not a label key', 'use a node label key such as "topology.kubernetes.io/zone"');
    }
    if (keys.indexOf(k) !== i) r.fail(`topologySpread.topologyKeys[${i}]`, k, 'listed twice', 'list each key once');
  });
  return {
    topologyKeys: [...keys],
    maxSkew: integer(r, 'topologySpread.maxSkew', t.maxSkew ?? 1, 1, 2 ** 31 - 1),
    required: flag(r, 'topologySpread.required', t.required, false),
  };
}

/** The longest timeout of the unary routes, with the prop that sets it. */
function longestUnaryTimeout(routes: RouteModel[]): { seconds: number; prop: string } | undefined {
  let longest: RouteModel | undefined;
  for (const route of routes) {
    if (route.streaming !== Streaming.UNARY || route.timeoutMs === undefined) continue;
    if (!longest || route.timeoutMs > longest.timeoutMs!) longest = route;
  }
  return longest ? { seconds: Math.ceil(longest.timeoutMs! / 1000), prop: `${longest.prop}.timeout` } : undefined;
}

export function normaliseDrain(r: Reporter, props: GrpcMeshServiceProps, routes: RouteModel[]): DrainModel {
  const d = props.drain ?? {};
  object(r, 'drain', d, 'pass { preStopDelay?, streamDrain?, drainWindow?, terminationGracePeriod? }');
  const preStopDelaySeconds = d.preStopDelay === undefined ? DEFAULT_DRAIN.preStopDelaySeconds : seconds(r, 'drain.preStopDelay', d.preStopDelay, 0);
  const streamDrainSeconds = d.streamDrain === undefined ? DEFAULT_DRAIN.streamDrainSeconds : seconds(r, 'drain.streamDrain', d.streamDrain, 1);
  const drainWindowSeconds = d.drainWindow === undefined ? DEFAULT_DRAIN.drainWindowSeconds : seconds(r, 'drain.drainWindow', d.drainWindow, 1);
  const unary = longestUnaryTimeout(routes);
  const streaming = routes.some((route) => route.streaming !== Streaming.UNARY);
  const inFlight = Math.max(unary?.seconds ?? 0, streaming ? streamDrainSeconds : 0);
  let terminationGracePeriodSeconds = preStopDelaySeconds + inFlight + drainWindowSeconds;
  if (d.terminationGracePeriod !== undefined) {
    terminationGracePeriodSeconds = seconds(r, 'drain.terminationGracePeriod', d.terminationGracePeriod, 1);
    const needed = preStopDelaySeconds + (unary?.seconds ?? 0) + drainWindowSeconds;
    if (terminationGracePeriodSeconds < needed) {
      const parts = `the ${preStopDelaySeconds}s pre-stop delay${unary ? `, the ${unary.seconds}s route timeout (${unary.prop})` : ''} and the ${drainWindowSeconds}s drain window`;
      r.fail('drain.terminationGracePeriod', d.terminationGracePeriod, `shorter than ${parts} together (${needed}s), so in-flight calls are cut`,
        `set it to at least Duration.seconds(${needed}), or leave it unset`);
    }
  }
  return {
    preStopDelaySeconds,
    streamDrainSeconds,
    drainWindowSeconds,
    terminationGracePeriodSeconds,
    proxyDrainSeconds: terminationGracePeriodSeconds - drainWindowSeconds,
  };
}

export function normaliseHealthPortPolicy(r: Reporter, props: GrpcMeshServiceProps, healthPort: number | undefined): HealthPortPolicyModel | undefined {
  const h = props.healthPortPolicy;
  if (h !== undefined) object(r, 'healthPortPolicy', h, 'pass { enabled?, probeNetworks? }');
  const enabled = flag(r, 'healthPortPolicy.enabled', h?.enabled, true);
  if (healthPort === undefined) {
    if (h !== undefined && (h.enabled === true || h.probeNetworks !== undefined)) {
      r.fail('healthPortPolicy', h, 'set without healthPort', 'set healthPort, or remove healthPortPolicy');
    }
    return undefined;
  }
  if (!enabled) {
    if (h?.probeNetworks !== undefined) r.fail('healthPortPolicy.probeNetworks', h.probeNetworks, 'set while the policy is off', 'remove probeNetworks, or set enabled: true');
    return undefined;
  }
  const networks = array(r, 'healthPortPolicy.probeNetworks', h?.probeNetworks, 'pass a list of CIDRs such as ["10.0.0.0/16"]');
  networks.forEach((cidr, i) => {
    const prop = `healthPortPolicy.probeNetworks[${i}]`;
    let valid = typeof cidr === 'string';
    try {
      if (valid) parsePrefix(cidr);
    } catch {
      valid = false;
    }
    if (!valid) r.fail(prop, cidr, 'not a CIDR', 'pass a CIDR such as "10.0.0.0/16" or "fd00::/8"');
    if (networks.indexOf(cidr) !== i) r.fail(prop, cidr, 'listed twice', 'list each network once');
  });
  return { probeNetworks: [...networks] };
}

export function normaliseJwt(r: Reporter, jwt: JwtOptions | undefined): JwtModel | undefined {
  if (jwt === undefined) return undefined;
  object(r, 'ingress.jwt', jwt, 'pass { issuer, jwksUri? or jwks?, audiences? }');
  const issuer = nonEmptyString(r, 'ingress.jwt.issuer', jwt.issuer, 'set the token issuer (the iss claim), e.g. "https://accounts.example.com"');
  if (jwt.jwksUri !== undefined && jwt.jwks !== undefined) {
    r.fail('ingress.jwt.jwks', '(inline keys)', 'set together with jwksUri', 'set either jwksUri or jwks');
  }
  if (jwt.jwksUri !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(String(jwt.jwksUri));
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== 'https:') {
      r.fail('ingress.jwt.jwksUri', jwt.jwksUri, 'not an https URL', 'set the https URL of the issuer\'s JSON Web Key Set');
    }
  }
  if (jwt.jwks !== undefined) {
    let keys: unknown;
    try {
      keys = typeof jwt.jwks === 'string' ? JSON.parse(jwt.jwks)?.keys : undefined;
    } catch {
      keys = undefined;
    }
    if (!Array.isArray(keys) || keys.length === 0) {
      r.fail('ingress.jwt.jwks', jwt.jwks, 'not a JSON Web Key Set', 'pass the JSON of a key set, {"keys": [...]}, or use jwksUri');
    }
  }
  const audiences = array(r, 'ingress.jwt.audiences', jwt.audiences, 'pass a list of audiences');
  audiences.forEach((a, i) => nonEmptyString(r, `ingress.jwt.audiences[${i}]`, a, 'name an audience, e.g. "grpc.example.com"'));
  return {
    issuer,
    ...(jwt.jwksUri === undefined ? {} : { jwksUri: jwt.jwksUri }),
    ...(jwt.jwks === undefined ? {} : { jwks: jwt.jwks }),
    audiences: [...audiences],
  };
}
