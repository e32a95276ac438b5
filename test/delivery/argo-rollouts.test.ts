import { Duration } from 'cdk8s';
import { ArgoRolloutsResources, Delivery, GrpcMeshServiceProps, IstioResources, RetryOn, Streaming } from '../../src';
import { baseProps, only, synthService } from '../support/service';
import { ONE_VERSION } from './error-cases';

const ARGO = Delivery.argoRollouts({ stepWeight: 20, maxWeight: 60, interval: Duration.minutes(2), failureThreshold: 2 });
const ROUTES: Partial<GrpcMeshServiceProps> = {
  defaultRoute: { timeout: Duration.seconds(5), retry: { attempts: 2, on: [RetryOn.UNAVAILABLE] } },
  methods: [
    { name: 'p.S/Get', timeout: Duration.seconds(1) },
    { name: 'p.S/Watch', streaming: Streaming.SERVER },
    { name: 'p.S/Put', idempotent: false, timeout: Duration.seconds(10) },
  ],
  ingress: { hosts: ['grpc.example.com'], tlsCredentialName: 'cert' },
};
const props = (overrides: Partial<GrpcMeshServiceProps> = {}) => baseProps({ ...ONE_VERSION, ...ROUTES, delivery: ARGO, ...overrides });
const rollout = (m: any[]) => only(m, 'Rollout', 'svc-v1');

describe('Delivery.argoRollouts() on Istio', () => {
  const m = synthService(props()).manifests;
  const staticOutput = synthService(props({ delivery: undefined })).manifests;

  test('a Rollout replaces the version\'s Deployment, with the same pod template and selector', () => {
    expect(m.filter((o) => o.kind === 'Deployment')).toEqual([]);
    const deployment = only(staticOutput, 'Deployment', 'svc-v1');
    // Topology spreading keys on the hash label a Rollout's ReplicaSets put on their pods.
    const spread = (t: any) => t.spec.topologySpreadConstraints.map((c: any) => c.matchLabelKeys);
    expect(spread(deployment.spec.template)).toEqual([['pod-template-hash'], ['pod-template-hash']]);
    expect(spread(rollout(m).spec.template)).toEqual([['rollouts-pod-template-hash'], ['rollouts-pod-template-hash']]);
    const withoutSpread = (t: any) => ({ ...t, spec: { ...t.spec, topologySpreadConstraints: undefined } });
    expect(withoutSpread(rollout(m).spec.template)).toEqual(withoutSpread(deployment.spec.template));
    expect(rollout(m).spec.selector).toEqual(deployment.spec.selector);
    expect(rollout(m).spec.replicas).toBe(deployment.spec.replicas);
    expect(rollout(m).metadata.labels).toEqual(deployment.metadata.labels);
  });

  test('every route of both VirtualServices carries the stable and the canary subset, and the Rollout shifts them all', () => {
    const vsRoutes = (name: string) => only(m, 'VirtualService', name).spec.http;
    for (const name of ['svc', 'svc-ingress']) {
      for (const route of vsRoutes(name)) {
        expect(route.route.map((d: any) => [d.destination.subset, d.weight])).toEqual([['stable', 100], ['canary', 0]]);
      }
    }
    const istio = rollout(m).spec.strategy.canary.trafficRouting.istio;
    expect(istio.virtualServices).toEqual(['svc', 'svc-ingress'].map((name) => ({ name, routes: vsRoutes(name).map((r: any) => r.name) })));
    expect(istio.virtualServices[0].routes).toEqual(['p-s-get', 'p-s-watch', 'p-s-put', 'default']);
    expect(istio.destinationRule).toEqual({ name: 'svc', stableSubsetName: 'stable', canarySubsetName: 'canary' });
  });

  test('the per-method timeouts and retries are kept on each route', () => {
    const routes = only(m, 'VirtualService', 'svc').spec.http;
    const policy = (rs: any[]) => rs.map((r) => [r.name, r.timeout, r.retries]);
    expect(policy(routes)).toEqual(policy(only(staticOutput, 'VirtualService', 'svc').spec.http));
  });

  test('the DestinationRule has the stable and canary subsets, annotated as Argo Rollouts annotates it', () => {
    const dr = only(m, 'DestinationRule');
    const labels = only(staticOutput, 'DestinationRule').spec.subsets[0].labels;
    expect(labels['app.kubernetes.io/version']).toBe('v1');
    expect(dr.spec.subsets).toEqual([{ name: 'stable', labels }, { name: 'canary', labels }]);
    expect(dr.metadata.annotations).toEqual({ 'argo-rollouts.argoproj.io/managed-by-rollouts': 'svc-v1' });
    expect(dr.spec.trafficPolicy).toEqual(only(staticOutput, 'DestinationRule').spec.trafficPolicy);
  });

  test('the steps reach the max weight, one interval each', () => {
    expect(rollout(m).spec.strategy.canary.steps).toEqual([
      { setWeight: 20 }, { pause: { duration: '2m' } },
      { setWeight: 40 }, { pause: { duration: '2m' } },
      { setWeight: 60 }, { pause: { duration: '2m' } },
    ]);
  });

  test('the background analysis reads the canary ReplicaSet\'s pods by their pod-template hash', () => {
    expect(rollout(m).spec.strategy.canary.analysis).toEqual({
      templates: [{ templateName: 'svc-grpc-success-rate' }],
      startingStep: 1,
      args: [{ name: 'canary-hash', valueFrom: { podTemplateHashValue: 'Latest' } }],
    });
    const t = only(m, 'AnalysisTemplate', 'svc-grpc-success-rate').spec;
    expect(t.args).toEqual([{ name: 'canary-hash' }]);
    const metric = t.metrics[0];
    expect(metric).toMatchObject({ name: 'grpc-success-rate', interval: '2m', failureLimit: 1, successCondition: 'len(result) > 0 && result[0] >= 99' });
    expect(metric.provider.prometheus.address).toBe('http://prometheus.istio-system:9090');
    expect(metric.provider.prometheus.query).toContain('pod=~"svc-v1-{{args.canary-hash}}-.*"');
    expect(metric.provider.prometheus.query).toContain('grpc_response_status=~"2|4|12|13|14|15"');
    expect(metric.provider.prometheus.query).not.toMatch(/response_code!~/);
  });

  test('a latency threshold gets its own template, checked as a maximum', () => {
    const out = synthService(props({ methods: [], delivery: Delivery.argoRollouts({ maxLatency: Duration.millis(400) }) })).manifests;
    const metric = only(out, 'AnalysisTemplate', 'svc-grpc-latency').spec.metrics[0];
    expect(metric.successCondition).toBe('len(result) > 0 && result[0] <= 400');
    expect(metric.provider.prometheus.query).toContain('istio_request_duration_milliseconds_bucket');
  });

  test('an autoscaled version: the HorizontalPodAutoscaler scales the Rollout, which sets no replicas', () => {
    const out = synthService(props({ autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilization: 70 } })).manifests;
    expect(only(out, 'HorizontalPodAutoscaler', 'svc-v1').spec.scaleTargetRef).toEqual({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'svc-v1' });
    expect(rollout(out).spec.replicas).toBeUndefined();
    expect(out.filter((o) => o.kind === 'Deployment')).toEqual([]);
  });

  test('no object is emitted twice, and the Rollout and templates are reachable, typed', () => {
    const { service, manifests } = synthService(props());
    const keys = manifests.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    const resources = ArgoRolloutsResources.of(service);
    expect(resources).toBe(service.deliveryResources);
    expect(resources.rollout.name).toBe('svc-v1');
    expect(Object.keys(resources.analysisTemplates)).toEqual(['grpc-success-rate']);
    expect(service.workload.deployments).toEqual({});
    expect(IstioResources.of(service).virtualService!.name).toBe('svc');
  });
});
