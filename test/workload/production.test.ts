import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { DisruptionBudget, GrpcMeshServiceProps, LinkerdMode, LinkerdRelease, Mesh, Streaming } from '../../src';
import { selectorOf, versionSelectorOf } from '../support/labels';
import { baseProps, errorOf, only, synthService } from '../support/service';

const synth = (overrides: Partial<GrpcMeshServiceProps> = {}) => synthService(baseProps(overrides)).manifests;
const ofKind = (m: any[], kind: string) => m.filter((o) => o.kind === kind);
const podSpec = (m: any[], version = 'v1') => only(m, 'Deployment', `svc-${version}`).spec.template.spec;
const podAnnotations = (m: any[], version = 'v1') => only(m, 'Deployment', `svc-${version}`).spec.template.metadata.annotations;

describe('autoscaling', () => {
  test('a version\'s HPA targets its Deployment, which then has no replicas; other versions keep theirs', () => {
    const m = synth({
      versions: [
        { name: 'v1', image: 'i:1', autoscaling: { minReplicas: 3, maxReplicas: 12, cpuUtilization: 70 } },
        { name: 'v2', image: 'i:2', replicas: 2 },
      ],
    });
    const v1 = only(m, 'Deployment', 'svc-v1');
    expect(v1.spec).not.toHaveProperty('replicas');
    expect(only(m, 'Deployment', 'svc-v2').spec.replicas).toBe(2);
    const hpa = only(m, 'HorizontalPodAutoscaler', 'svc-v1');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'svc-v1' },
      minReplicas: 3,
      maxReplicas: 12,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(ofKind(m, 'HorizontalPodAutoscaler')).toHaveLength(1);
  });

  test('scales up by 4 pods or 200% a minute, down after 5 minutes by at most minReplicas pods per 5 minutes', () => {
    const hpa = only(synth({ versions: [{ name: 'v1', image: 'i:1', autoscaling: { minReplicas: 3, maxReplicas: 12 } }] }), 'HorizontalPodAutoscaler', 'svc-v1');
    expect(hpa.spec.behavior).toEqual({
      scaleUp: {
        policies: [{ type: 'Pods', value: 4, periodSeconds: 60 }, { type: 'Percent', value: 200, periodSeconds: 60 }],
        selectPolicy: 'Max',
        stabilizationWindowSeconds: 0,
      },
      scaleDown: { policies: [{ type: 'Pods', value: 3, periodSeconds: 300 }], selectPolicy: 'Max', stabilizationWindowSeconds: 300 },
    });
  });

  test('the service-wide default scales versions that set neither autoscaling nor replicas, on CPU 80% by default', () => {
    const m = synth({
      autoscaling: { maxReplicas: 6 },
      versions: [{ name: 'v1', image: 'i:1' }, { name: 'v2', image: 'i:2', replicas: 1 }],
    });
    expect(only(m, 'HorizontalPodAutoscaler', 'svc-v1').spec).toMatchObject({
      minReplicas: 2, maxReplicas: 6,
      metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 80 } } }],
    });
    expect(ofKind(m, 'HorizontalPodAutoscaler').map((h) => h.metadata.name)).toEqual(['svc-v1']);
    expect(only(m, 'Deployment', 'svc-v1').spec.replicas).toBeUndefined();
  });

  test('memory only has no CPU target; both set give both metrics', () => {
    const memory = only(synth({ autoscaling: { maxReplicas: 4, memoryUtilization: 75 } }), 'HorizontalPodAutoscaler', 'svc-v1').spec.metrics;
    expect(memory).toEqual([{ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 75 } } }]);
    const both = only(synth({ autoscaling: { maxReplicas: 4, cpuUtilization: 60, memoryUtilization: 75 } }), 'HorizontalPodAutoscaler', 'svc-v1').spec.metrics;
    expect(both.map((x: any) => [x.resource.name, x.resource.target.averageUtilization])).toEqual([['cpu', 60], ['memory', 75]]);
  });

  test('a CPU target needs a CPU request or limit', () => {
    expect(errorOf(() => synth({
      autoscaling: { maxReplicas: 4 },
      resources: { memory: { request: Size.mebibytes(64) } },
    }))).toBe('test/svc: invalid autoscaling.cpuUtilization 80: the version\'s resources set no CPU request; set resources.cpu.request: CPU utilization is a percentage of it');
    expect(() => synth({ autoscaling: { maxReplicas: 4 }, resources: { cpu: { limit: Cpu.millis(500) } } })).not.toThrow();
  });
});

describe('disruption budgets', () => {
  test('maxUnavailable 1 by default for versions with more than one pod, none for a single pod', () => {
    const m = synth({ versions: [{ name: 'v1', image: 'i', replicas: 3 }, { name: 'v2', image: 'i', replicas: 1 }] });
    const pdb = only(m, 'PodDisruptionBudget', 'svc-v1');
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: versionSelectorOf('svc', 'v1') }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    expect(ofKind(m, 'PodDisruptionBudget')).toHaveLength(1);
  });

  test('an autoscaled version is counted at its minReplicas', () => {
    const m = synth({ versions: [{ name: 'v1', image: 'i', autoscaling: { minReplicas: 1, maxReplicas: 5 } }, { name: 'v2', image: 'i', autoscaling: { maxReplicas: 5 } }] });
    expect(ofKind(m, 'PodDisruptionBudget').map((p) => p.metadata.name)).toEqual(['svc-v2']);
  });

  test('factories per version and service-wide, and none()', () => {
    const m = synth({
      disruptionBudget: DisruptionBudget.minAvailablePercent(50),
      versions: [
        { name: 'v1', image: 'i', replicas: 4, disruptionBudget: DisruptionBudget.maxUnavailablePercent(25) },
        { name: 'v2', image: 'i', replicas: 4 },
        { name: 'v3', image: 'i', replicas: 4, disruptionBudget: DisruptionBudget.none() },
      ],
    });
    expect(only(m, 'PodDisruptionBudget', 'svc-v1').spec.maxUnavailable).toBe('25%');
    expect(only(m, 'PodDisruptionBudget', 'svc-v2').spec.minAvailable).toBe('50%');
    expect(ofKind(m, 'PodDisruptionBudget').map((p) => p.metadata.name)).toEqual(['svc-v1', 'svc-v2']);
  });
});

describe('topology spread', () => {
  test('each version over zones and nodes by default, max skew 1, scheduled anyway', () => {
    const constraints = podSpec(synth(), 'v2').topologySpreadConstraints;
    expect(constraints).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
      topologyKey, maxSkew: 1, whenUnsatisfiable: 'ScheduleAnyway',
      labelSelector: { matchLabels: versionSelectorOf('svc', 'v2') }, matchLabelKeys: ['pod-template-hash'],
    })));
  });

  test('configurable, or off', () => {
    const custom = podSpec(synth({ topologySpread: { topologyKeys: ['kubernetes.io/hostname'], maxSkew: 2, required: true } })).topologySpreadConstraints;
    expect(custom).toEqual([expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', maxSkew: 2, whenUnsatisfiable: 'DoNotSchedule' })]);
    expect(podSpec(synth({ topologySpread: { enabled: false } }))).not.toHaveProperty('topologySpreadConstraints');
  });
});

describe('graceful drain', () => {
  test('the grace period covers the pre-stop delay, the longest unary route timeout and the drain window', () => {
    const m = synth({
      defaultRoute: { timeout: Duration.seconds(10) },
      methods: [{ name: 'p.S/Slow', timeout: Duration.millis(45_500) }, { name: 'p.S/Fast', timeout: Duration.seconds(1) }],
    });
    const spec = podSpec(m);
    expect(spec.terminationGracePeriodSeconds).toBe(5 + 46 + 5);
    expect(spec.containers[0].lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
  });

  test('streaming routes get the stream drain when it is longer than the unary timeouts', () => {
    const streams = { methods: [{ name: 'p.S/Watch', streaming: Streaming.SERVER }], defaultRoute: { timeout: Duration.seconds(10) } };
    expect(podSpec(synth(streams)).terminationGracePeriodSeconds).toBe(5 + 30 + 5);
    expect(podSpec(synth({ ...streams, drain: { streamDrain: Duration.minutes(2), preStopDelay: Duration.seconds(0), drainWindow: Duration.seconds(2) } })))
      .toMatchObject({ terminationGracePeriodSeconds: 120 + 2 });
  });

  test('no pre-stop hook with a delay of 0', () => {
    expect(podSpec(synth({ drain: { preStopDelay: Duration.seconds(0) } })).containers[0]).not.toHaveProperty('lifecycle');
  });

  test('an explicit grace period at least the longest route timeout is kept', () => {
    const m = synth({ defaultRoute: { timeout: Duration.seconds(20) }, drain: { terminationGracePeriod: Duration.seconds(30) } });
    expect(podSpec(m).terminationGracePeriodSeconds).toBe(30);
    expect(JSON.parse(podAnnotations(m)['proxy.istio.io/config']).terminationDrainDuration).toBe('25s');
  });

  test('for any route timeouts, the grace period is at least each unary timeout', () => {
    for (const seconds of [1, 7, 29, 30, 31, 95, 600]) {
      const m = synth({ methods: [{ name: 'p.S/M', timeout: Duration.seconds(seconds) }] });
      expect(podSpec(m).terminationGracePeriodSeconds).toBeGreaterThanOrEqual(seconds + 5 + 5);
    }
  });
});

describe('proxy lifecycle per mesh', () => {
  const drain = { defaultRoute: { timeout: Duration.seconds(20) } };

  test('Istio: the sidecar starts first and drains until the grace period less the drain window', () => {
    const m = synth(drain);
    for (const version of ['v1', 'v2']) {
      expect(JSON.parse(podAnnotations(m, version)['proxy.istio.io/config'])).toEqual({
        holdApplicationUntilProxyStarts: true, terminationDrainDuration: '25s',
      });
      expect(podSpec(m, version).terminationGracePeriodSeconds).toBe(30);
    }
  });

  test.each([
    ['Linkerd', Mesh.linkerd()],
    ['Linkerd legacy', Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE })],
  ])('%s: proxy-await, wait-before-exit shorter than the grace period, shutdown grace period', (_name, mesh) => {
    const m = synthService(baseProps({ mesh, ...drain })).manifests;
    const annotations = podAnnotations(m);
    expect(annotations).toMatchObject({
      'config.linkerd.io/proxy-await': 'enabled',
      'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '25',
      'config.linkerd.io/shutdown-grace-period': '5s',
    });
    expect(Number(annotations['config.alpha.linkerd.io/proxy-wait-before-exit-seconds'])).toBeLessThan(podSpec(m).terminationGracePeriodSeconds);
    expect(annotations).not.toHaveProperty('proxy.istio.io/config');
  });

  test.each(Object.values(LinkerdRelease))('Linkerd %s: the same lifecycle annotations (unchanged from 2.15 to edge)', (release) => {
    const m = synthService(baseProps({ mesh: Mesh.linkerd({ release }), ...drain })).manifests;
    for (const version of ['v1', 'v2']) {
      expect(podAnnotations(m, version)).toMatchObject({
        'config.linkerd.io/proxy-await': 'enabled',
        'config.alpha.linkerd.io/proxy-wait-before-exit-seconds': '25',
        'config.linkerd.io/shutdown-grace-period': '5s',
      });
    }
  });
});

describe('health port isolation', () => {
  const policy = (m: any[]) => only(m, 'NetworkPolicy', 'svc-health-port');

  test('no NetworkPolicy without a health port', () => {
    expect(ofKind(synth(), 'NetworkPolicy')).toEqual([]);
  });

  test('Istio: the gRPC port and the sidecar ports stay open to all; the health port only from the probe networks', () => {
    const p = policy(synth({ healthPort: 8081, healthPortPolicy: { probeNetworks: ['10.0.0.0/16', 'fd00::/8'] } }));
    expect(p.apiVersion).toBe('networking.k8s.io/v1');
    expect(p.spec).toEqual({
      podSelector: { matchLabels: selectorOf('svc') },
      policyTypes: ['Ingress'],
      ingress: [
        { ports: [50051, 15008, 15020, 15021, 15090].map((port) => ({ protocol: 'TCP', port })) },
        { from: [{ ipBlock: { cidr: '10.0.0.0/16' } }, { ipBlock: { cidr: 'fd00::/8' } }], ports: [{ protocol: 'TCP', port: 8081 }] },
      ],
    });
  });

  test('Linkerd: the proxy\'s inbound and admin ports stay open; by default only the node reaches the health port', () => {
    const p = policy(synthService(baseProps({ mesh: Mesh.linkerd(), healthPort: 8081 })).manifests);
    expect(p.spec.ingress).toEqual([{ ports: [50051, 4143, 4191].map((port) => ({ protocol: 'TCP', port })) }]);
    expect(JSON.stringify(p.spec.ingress)).not.toContain('8081');
  });

  test('can be turned off', () => {
    expect(ofKind(synth({ healthPort: 8081, healthPortPolicy: { enabled: false } }), 'NetworkPolicy')).toEqual([]);
  });
});

describe('ingress JWT on Istio', () => {
  const ingress = {
    hosts: ['grpc.example.com'], tlsCredentialName: 'cert', methods: ['p.S/Get'],
    jwt: { issuer: 'https://idp.example.com', jwksUri: 'https://idp.example.com/jwks.json', audiences: ['grpc.example.com'] },
  };

  test('a RequestAuthentication on the service\'s pods, a request principal required through the gateway', () => {
    const m = synth({ ingress });
    expect(only(m, 'RequestAuthentication', 'svc').spec).toEqual({
      selector: { matchLabels: selectorOf('svc') },
      // The generated class writes the proto field name; the CRD takes either spelling.
      jwtRules: [{ issuer: 'https://idp.example.com', jwks_uri: 'https://idp.example.com/jwks.json', audiences: ['grpc.example.com'] }],
    });
    const gateway = 'cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account';
    const allow = only(m, 'AuthorizationPolicy', 'svc').spec.rules.find((r: any) => r.from[0].source.principals?.includes(gateway));
    expect(allow).toEqual({
      from: [{ source: { principals: [gateway], requestPrincipals: ['https://idp.example.com/*'] } }],
      to: [{ operation: { paths: ['/p.S/Get'] } }],
    });
    expect(only(m, 'AuthorizationPolicy', 'svc-ingress-methods').spec).toEqual({
      selector: { matchLabels: selectorOf('svc') },
      action: 'DENY',
      rules: [
        { from: [{ source: { principals: [gateway] } }], to: [{ operation: { notPaths: ['/p.S/Get'] } }] },
        { from: [{ source: { principals: [gateway], notRequestPrincipals: ['*'] } }] },
      ],
    });
  });

  test('without ingress methods the DENY policy refuses calls without a token; inline keys are rendered as given', () => {
    const jwks = '{"keys":[{"kty":"RSA","e":"AQAB","n":"abc"}]}';
    const m = synth({ ingress: { hosts: ['grpc.example.com'], tlsCredentialName: 'cert', jwt: { issuer: 'idp', jwks } } });
    expect(only(m, 'RequestAuthentication', 'svc').spec.jwtRules).toEqual([{ issuer: 'idp', jwks }]);
    expect(only(m, 'AuthorizationPolicy', 'svc-ingress-methods').spec.rules).toHaveLength(1);
  });
});
