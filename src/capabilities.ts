/**
 * What each mesh does with each prop of `GrpcMeshServiceProps`: the capability matrix. Each
 * registered mesh contributes its columns (`MeshDefinition.capabilities`); the table in docs/capabilities.md between
 * the `capabilities` markers is generated from it (`renderCapabilityMatrix()`), and a test
 * synthesizes every cell from a sample of its row: a mapped prop must synthesize and render the
 * field its cell names (each supported cell's sample has a check of it), a rejected one must fail
 * naming it.
 */
import { CapabilityColumn, MeshSupport } from './capability-column';
import { registeredMeshes } from './mesh-registry';

export type { CapabilityColumn, MeshSupport } from './capability-column';

/**
 * The rows of the matrix, in the order of the props: the prop, e.g. `methods[].retry.perTryTimeout`,
 * with the case it covers when it has several. Every column (`CapabilityColumn.cells`) has a cell for each.
 */
export const CAPABILITY_PROPS: readonly string[] = [
  '`mesh`',
  '`serviceName`, `namespace`',
  '`port`',
  '`healthPort`',
  '`versions`',
  '`image`, `replicas`, `resources`',
  '`readinessProbe`, `livenessProbe`',
  '`defaultRoute.weights`',
  '`methods[].name`',
  '`methods[].weights` (other than the default route\'s)',
  '`api`',
  '`defaultRoute.timeout`, `methods[].timeout`',
  '`methods[].streaming`',
  '`methods[].idempotent: false`',
  '`retry.attempts`',
  '`retry.perTryTimeout`',
  '`retry.on` (gRPC statuses)',
  '`retry.on` (`CONNECT_FAILURE`, `REFUSED_STREAM`, `RESET`)',
  '`connectionPool.maxConnections`',
  '`connectionPool.connectTimeout`',
  '`connectionPool.maxRequests`',
  '`connectionPool.maxRequestsPerConnection`',
  '`connectionPool.maxConcurrentStreams`',
  '`connectionPool.idleTimeout`',
  '`undeclaredMethods`',
  '`connectionPool.maxRetries`',
  '`loadBalancer: LoadBalancer.leastRequest()`',
  '`loadBalancer: LoadBalancer.roundRobin()`',
  '`loadBalancer: LoadBalancer.random()`',
  '`loadBalancer: LoadBalancer.consistentHashByHeader()`',
  '`loadBalancer: LoadBalancer.consistentHashByCookie()`',
  '`loadBalancer: LoadBalancer.consistentHashBySourceIp()`',
  '`outlierDetection.consecutive5xxErrors`',
  '`outlierDetection.consecutiveGatewayErrors`',
  '`outlierDetection.interval`',
  '`outlierDetection.baseEjectionTime`',
  '`outlierDetection.maxEjectionPercent`',
  '`outlierDetection.minHealthPercent`',
  '`mtls: MutualTlsMode.STRICT`',
  '`mtls: MutualTlsMode.PERMISSIVE`',
  '`authorization` (whole service)',
  '`authorization.allow[].methods` (per method)',
  '`authorization: { allow: [] }`',
  '`telemetry.tracing`',
  '`telemetry.accessLogging: AccessLogFilter.allCalls()`',
  '`telemetry.accessLogging: failedCalls()` or `expression()`',
  '`ingress`',
  '`ingress.jwt`',
  '`autoscaling`, `versions[].autoscaling`',
  '`disruptionBudget`, `versions[].disruptionBudget`',
  '`topologySpread`',
  '`drain`',
  '`healthPortPolicy`',
  '`strict`',
];

/** One row of the capability matrix: a cell per column (mesh release line, mode). @internal */
export interface CapabilityRow {
  readonly prop: string;
  /** The cells, by the key of their column. */
  readonly cells: { readonly [column: string]: MeshSupport };
}

/** The columns of the registered meshes, in the order the meshes were registered. @internal */
export function capabilityColumns(): CapabilityColumn[] {
  return registeredMeshes().flatMap((m) => m.capabilities);
}

/** The capability matrix of the registered meshes, in the order of the props. @internal */
export function capabilityMatrix(): CapabilityRow[] {
  const columns = capabilityColumns();
  return CAPABILITY_PROPS.map((prop) => ({ prop, cells: Object.fromEntries(columns.map((c) => [c.key, c.cells[prop]])) }));
}

/** The capability matrix as a Markdown table: a column per mesh release line (and mode). @internal */
export function renderCapabilityMatrix(columns: readonly CapabilityColumn[] = capabilityColumns()): string {
  const cell = (s: MeshSupport) => (s.supported ? s.note : `**rejected**: ${s.note}`).replace(/\|/g, '\\|');
  return [
    `| prop | ${columns.map((c) => c.title).join(' | ')} |`,
    `|---|${columns.map(() => '---|').join('')}`,
    ...CAPABILITY_PROPS.map((prop) => `| ${prop} | ${columns.map((c) => cell(c.cells[prop])).join(' | ')} |`),
  ].join('\n');
}
