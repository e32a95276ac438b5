import { Streaming } from '../options';
import { RetryOn } from '../options';
import { DEFAULT_ROUTE } from './acknowledgement';
import { LintContext, LintRule, LintSeverity } from './lint-rule';
import { at, namespaceOf, ofKind, plain, routeLabel, selects } from './objects';
import { registeredMeshes } from '../mesh-registry';
import { ISTIO_LINT_RULES } from '../istio/lint-rules';
import { LINKERD_LINT_RULES } from '../linkerd/lint-rules';

export { routeKey } from './objects';

/**
 * Every lint rule: the mesh-neutral ones and those of every registered mesh, in code order (a
 * code's mesh-neutral check first, then the meshes' in the order they were registered).
 *
 * @internal
 */
export function allLintRules(): LintRule[] {
  return [...sortedRules().all];
}

/**
 * The rules that can find something in a service's model alone (no objects), in code order: every
 * rule but GM120 (it needs the objects' findings) and the built-in meshes' rules, each of which
 * reads only objects of its mesh's kinds (`ofKind`), so finds nothing without objects. A rule of a
 * mesh registered by `Mesh.of` may read the model: it stays.
 *
 * @internal
 */
export function modelLintRules(): readonly LintRule[] {
  return sortedRules().model;
}

/** The rules of the built-in meshes: they read only objects (see modelLintRules). */
const OBJECTS_ONLY = new Set<LintRule>([...ISTIO_LINT_RULES, ...LINKERD_LINT_RULES]);

interface SortedRules {
  /** The rules they were sorted from, flat, to tell when a mesh was registered or a list changed. */
  readonly from: readonly LintRule[];
  readonly all: readonly LintRule[];
  readonly model: readonly LintRule[];
}
let sorted: SortedRules | undefined;

/** The rules sorted once, again only when the registered meshes or their rule lists changed. */
function sortedRules(): SortedRules {
  const meshes = registeredMeshes();
  if (sorted && unchanged(sorted.from, [LINT_RULES, ...meshes.map((m) => m.lintRules)])) return sorted;
  const from = [...LINT_RULES, ...meshes.flatMap((m) => m.lintRules)];
  const all = from.map((rule, i) => ({ rule, i })).sort((a, b) => (a.rule.code < b.rule.code ? -1 : a.rule.code > b.rule.code ? 1 : a.i - b.i)).map((x) => x.rule);
  sorted = { from, all, model: all.filter((rule) => rule.code !== 'GM120' && !OBJECTS_ONLY.has(rule)) };
  return sorted;
}

/** Whether the lists hold, in order, exactly the rules of `flat`. */
function unchanged(flat: readonly LintRule[], lists: readonly LintRule[][]): boolean {
  let i = 0;
  for (const list of lists) {
    for (const rule of list) if (flat[i++] !== rule) return false;
  }
  return i === flat.length;
}

/**
 * The mesh-neutral lint rules, in code order; each mesh adds its own (`MeshDefinition.lintRules`).
 * Codes are stable: never renumber.
 *
 * @internal
 */
export const LINT_RULES: LintRule[] = [
  {
    code: 'GM103', rule: 'retry-not-idempotent', severity: LintSeverity.WARNING,
    description: 'a method that is not idempotent is retried (explicit opt-in)',
    check: (ctx) => ctx.model.routes.filter((r) => r.retry && !r.idempotent).map(
      (r) => at(r, `${routeLabel(r.prop)} retries a method that is not idempotent: a retried call may run twice; remove ${r.prop}.retry unless the server deduplicates, or acknowledge it (LintAcknowledgement.ofMethod)`),
    ),
  },
  {
    code: 'GM104', rule: 'retries-exceed-timeout', severity: LintSeverity.WARNING,
    description: 'the first try and its retries (attempts + 1 tries) x per-try timeout exceed the route timeout, so the last retries never run',
    check: (ctx) => ctx.model.routes.filter((r) => r.retry?.perTryTimeoutMs !== undefined && r.timeoutMs !== undefined
      && (r.retry.attempts + 1) * r.retry.perTryTimeoutMs > r.timeoutMs).map(
      (r) => at(r, `${routeLabel(r.prop)}: ${r.retry!.attempts + 1} tries (1 + ${r.retry!.attempts} retries) x ${r.retry!.perTryTimeoutMs}ms per try exceed the ${r.timeoutMs}ms route timeout; lower attempts or perTryTimeout, or raise the timeout`),
    ),
  },
  {
    code: 'GM105', rule: 'streaming-timeout', severity: LintSeverity.ERROR,
    description: 'a streaming method has a route timeout, which cuts its streams',
    check: plain((ctx) => ctx.model.routes.filter((r) => r.streaming !== Streaming.UNARY && r.timeoutMs !== undefined)
      .map((r) => `${r.prop} is streaming but has a route timeout; remove it`)),
  },
  {
    code: 'GM106', rule: 'retry-resource-exhausted', severity: LintSeverity.WARNING,
    description: 'retrying resource-exhausted amplifies overload',
    check: (ctx) => ctx.model.routes.filter((r) => r.retry?.on.includes(RetryOn.RESOURCE_EXHAUSTED) && r.retryExplicit).map(
      (r) => at(r, `${routeLabel(r.prop)} retries resource-exhausted, which adds load to an overloaded server; drop RetryOn.RESOURCE_EXHAUSTED from ${r.prop}.retry.on`),
    ),
  },
  {
    code: 'GM107', rule: 'ejection-ejects-none', severity: LintSeverity.WARNING,
    description: 'the max ejection percent cannot eject a single endpoint with the version\'s replicas',
    check: plain((ctx) => {
      const pct = ctx.model.outlierDetection?.maxEjectionPercent;
      if (pct === undefined) return [];
      return ctx.model.versions.filter((v) => v.replicas > 0 && Math.floor(v.replicas * pct / 100) < 1).map(
        (v) => `outlierDetection.maxEjectionPercent ${pct} ejects no endpoint of version ${v.name} (${v.replicas} replicas); raise it to at least ${Math.ceil(100 / v.replicas)}`,
      );
    }),
  },
  {
    code: 'GM108', rule: 'min-health-disables-ejection', severity: LintSeverity.WARNING,
    description: 'the min health percent is so high that ejecting one endpoint turns ejection off (panic mode)',
    check: plain((ctx) => {
      const min = ctx.model.outlierDetection?.minHealthPercent;
      if (min === undefined) return [];
      return ctx.model.versions.filter((v) => v.replicas > 0 && ((v.replicas - 1) / v.replicas) * 100 < min).map(
        (v) => `outlierDetection.minHealthPercent ${min} disables ejection for version ${v.name} (${v.replicas} replicas): one ejection leaves ${Math.floor(((v.replicas - 1) / v.replicas) * 100)}% healthy; lower it`,
      );
    }),
  },
  {
    code: 'GM114', rule: 'admits-nobody', severity: LintSeverity.WARNING,
    description: 'the authorization policy admits nobody',
    check: plain((ctx) => (ctx.model.authorization.rules.length === 0 && !ctx.model.ingress
      ? ['authorization.allow is empty, so every call is denied; add a rule with the clients that call this service']
      : [])),
  },
  {
    code: 'GM118', rule: 'autoscaled-from-zero', severity: LintSeverity.ERROR,
    description: 'an autoscaler with minReplicas 0: on CPU and memory it never scales up from zero pods, and a version with a weight gets calls it cannot serve',
    check: plain((ctx) => {
      // From the props (found at construction, so synth fails), and on HPAs a patch set to 0.
      const fromProps = ctx.model.versions.filter((v) => v.autoscaling?.minReplicas === 0);
      const calls = (version: string) => {
        const weight = largestWeight(ctx, version);
        return weight ? `, yet version ${version} gets ${weight.weight}% of the calls of ${routeLabel(weight.prop)}` : '';
      };
      const reported = new Set(fromProps.map((v) => `${ctx.model.name}-${v.name}`));
      return [
        ...fromProps.map((v) => `version ${v.name} is autoscaled with minReplicas 0: with no pod there is no CPU or memory metric, so its HorizontalPodAutoscaler never scales up${calls(v.name)}; set autoscaling.minReplicas to at least 1`),
        ...ofKind(ctx, 'HorizontalPodAutoscaler').filter((h) => h.spec?.minReplicas === 0 && !reported.has(h.spec?.scaleTargetRef?.name)).map((h) => {
          const version = ctx.model.versions.find((v) => `${ctx.model.name}-${v.name}` === h.spec?.scaleTargetRef?.name);
          return `HorizontalPodAutoscaler ${h.metadata.name} has minReplicas 0: with no pod there is no CPU or memory metric, so it never scales up${version ? calls(version.name) : ''}; set minReplicas to at least 1`;
        }),
      ];
    }),
  },
  {
    code: 'GM119', rule: 'disruption-budget-blocks-drains', severity: LintSeverity.WARNING,
    description: 'a PodDisruptionBudget that allows no eviction at the version\'s fewest pods, so every node drain waits on it',
    check: plain((ctx) => ofKind(ctx, 'PodDisruptionBudget').flatMap((pdb) => {
      const selected = ofKind(ctx, 'Deployment').filter((d) => namespaceOf(d) === namespaceOf(pdb)
        && selects(pdb.spec?.selector, d.spec?.template?.metadata?.labels ?? {}));
      const pods = selected.reduce((sum, d) => sum + fewestPods(ctx, d), 0);
      const allowed = allowedEvictions(pdb.spec, pods);
      if (pods === 0 || allowed === undefined || allowed > 0) return [];
      const limit = pdb.spec.maxUnavailable !== undefined ? `maxUnavailable ${pdb.spec.maxUnavailable}` : `minAvailable ${pdb.spec.minAvailable}`;
      return [`PodDisruptionBudget ${pdb.metadata.name} (${limit}) allows no eviction of its ${pods} pod${pods === 1 ? '' : 's'}, so every node drain waits on it; use DisruptionBudget.maxUnavailable(1), run more pods, or DisruptionBudget.none()`];
    })),
  },
  {
    code: 'GM120', rule: 'unused-acknowledgement', severity: LintSeverity.WARNING,
    description: 'a lint acknowledgement matches no finding (the rule does not fire there any more): remove it',
    check: (ctx) => {
      const acknowledgements = ctx.model.lintAcknowledgements ?? [];
      if (acknowledgements.length === 0) return [];
      const found = allLintRules().filter((rule) => rule.code !== 'GM120')
        .flatMap((rule) => rule.check(ctx).map((m) => ({ code: rule.code, route: m.route })));
      return acknowledgements.filter((a) => !found.some((f) => acknowledges(a, f))).map((a) => ({
        message: `lintAcknowledgements acknowledges ${a.code} ${a.route === undefined ? 'on the service' : a.route === DEFAULT_ROUTE ? 'on the default route' : `on ${a.route}`}, where it finds nothing; remove the acknowledgement`,
      }));
    },
  },
];

/** Whether an acknowledgement covers a finding: the same rule, on its route or on the whole service. */
export function acknowledges(a: { code: string; route?: string }, f: { code: string; route?: string }): boolean {
  return a.code === f.code && (a.route === undefined || a.route === f.route);
}

/** The largest weight a version gets in any route, with the route. */
function largestWeight(ctx: LintContext, version: string): { weight: number; prop: string } | undefined {
  let best: { weight: number; prop: string } | undefined;
  for (const route of ctx.model.routes) {
    const w = route.weights.find((x) => x.version === version)?.weight ?? 0;
    if (w > 0 && (!best || w > best.weight)) best = { weight: w, prop: route.prop };
  }
  return best;
}

/** The fewest pods a Deployment runs: its autoscaler's minReplicas, else its replicas (default 1). */
function fewestPods(ctx: LintContext, deployment: any): number {
  const hpa = ofKind(ctx, 'HorizontalPodAutoscaler').find((h) => h.spec?.scaleTargetRef?.kind === 'Deployment'
    && h.spec.scaleTargetRef.name === deployment.metadata?.name && namespaceOf(h) === namespaceOf(deployment));
  return Number(hpa ? (hpa.spec.minReplicas ?? 1) : (deployment.spec?.replicas ?? 1));
}

/** How many of `pods` pods a PodDisruptionBudget lets be evicted (Kubernetes rounds percentages up). */
function allowedEvictions(spec: any, pods: number): number | undefined {
  const scaled = (v: unknown) => (typeof v === 'string' && v.endsWith('%') ? Math.ceil((Number(v.slice(0, -1)) * pods) / 100) : Number(v));
  if (spec?.maxUnavailable !== undefined) return scaled(spec.maxUnavailable);
  if (spec?.minAvailable !== undefined) return pods - scaled(spec.minAvailable);
  return undefined;
}
