import { ApiObject, Chart, Duration, JsonPatch, Size, Testing } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { Delivery, GrpcMeshService, GrpcMeshServiceProps, GrpcWorkload, Mesh } from '../../src';
import { ONE_VERSION } from '../delivery/error-cases';
import { baseProps, only, synthService } from '../support/service';
import { selectorOf, versionSelectorOf } from '../support/labels';

describe('workload on Istio', () => {
  test('a ServiceAccount, a Deployment and a PodDisruptionBudget per version and one Service', () => {
    const { manifests } = synthService(baseProps());
    expect(manifests.map((m) => `${m.kind}/${m.metadata.name}`).slice(0, 6)).toEqual([
      'ServiceAccount/svc', 'Deployment/svc-v1', 'PodDisruptionBudget/svc-v1', 'Deployment/svc-v2', 'PodDisruptionBudget/svc-v2', 'Service/svc',
    ]);
  });

  test('pods carry app and version labels and the injection label, not the deprecated annotation', () => {
    const d = only(synthService(baseProps()).manifests, 'Deployment', 'svc-v2');
    expect(d.spec.selector.matchLabels).toEqual(versionSelectorOf('svc', 'v2'));
    expect(d.spec.template.metadata.labels).toMatchObject({ app: 'svc', version: 'v2', 'sidecar.istio.io/inject': 'true' });
    expect(d.spec.template.metadata.annotations ?? {}).not.toHaveProperty('sidecar.istio.io/inject');
    expect(d.spec.template.spec.serviceAccountName).toBe('svc');
  });

  test('image, replicas and resources per version, with service-wide defaults', () => {
    const { manifests } = synthService(baseProps({
      image: 'registry/app:common',
      replicas: 4,
      versions: [
        { name: 'v1' },
        {
          name: 'v2', image: 'registry/app:v2', replicas: 1,
          resources: { cpu: { request: Cpu.millis(50), limit: Cpu.millis(200) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) } },
        },
      ],
    }));
    const [v1, v2] = ['svc-v1', 'svc-v2'].map((n) => only(manifests, 'Deployment', n));
    expect(v1.spec.replicas).toBe(4);
    expect(v1.spec.template.spec.containers[0].image).toBe('registry/app:common');
    expect(v1.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' },
    });
    expect(v2.spec.replicas).toBe(1);
    expect(v2.spec.template.spec.containers[0].image).toBe('registry/app:v2');
    expect(v2.spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' },
    });
  });

  test('the container port is named grpc and native gRPC probes use it', () => {
    const d = only(synthService(baseProps({
      port: 9000,
      readinessProbe: { initialDelay: Duration.seconds(2), period: Duration.seconds(3), service: 'pkg.Svc' },
    })).manifests, 'Deployment', 'svc-v1');
    const c = d.spec.template.spec.containers[0];
    expect(c.ports).toEqual([{ containerPort: 9000, name: 'grpc' }]);
    expect(c.readinessProbe).toEqual({
      grpc: { port: 9000, service: 'pkg.Svc' }, initialDelaySeconds: 2, periodSeconds: 3, timeoutSeconds: 1, failureThreshold: 3,
    });
    expect(c.livenessProbe).toEqual({
      grpc: { port: 9000 }, initialDelaySeconds: 15, periodSeconds: 20, timeoutSeconds: 1, failureThreshold: 3,
    });
  });

  test('a separate health port is probed and excluded from the sidecar', () => {
    const d = only(synthService(baseProps({ healthPort: 8081 })).manifests, 'Deployment', 'svc-v1');
    const c = d.spec.template.spec.containers[0];
    expect(c.ports).toEqual([{ containerPort: 50051, name: 'grpc' }, { containerPort: 8081, name: 'health' }]);
    expect(c.readinessProbe.grpc).toEqual({ port: 8081 });
    expect(c.livenessProbe.grpc).toEqual({ port: 8081 });
    expect(d.spec.template.metadata.annotations).toEqual({
      'traffic.sidecar.istio.io/excludeInboundPorts': '8081',
      'proxy.istio.io/config': '{"holdApplicationUntilProxyStarts":true,"terminationDrainDuration":"5s"}',
    });
  });

  test('pods meet the restricted Pod Security Standard', () => {
    const spec = only(synthService(baseProps()).manifests, 'Deployment', 'svc-v1').spec.template.spec;
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  test('the Service port is named grpc with appProtocol grpc and targets the named container port', () => {
    const s = only(synthService(baseProps()).manifests, 'Service', 'svc');
    expect(s.spec).toEqual({
      selector: selectorOf('svc'),
      ports: [{ name: 'grpc', port: 50051, targetPort: 'grpc', protocol: 'TCP', appProtocol: 'grpc' }],
    });
  });
});

/** Every object the workload holds, by construct id. */
function workloadObjects(w: GrpcWorkload): Map<string, ApiObject> {
  const objects: ApiObject[] = [
    w.serviceAccount, ...Object.values(w.deployments), ...Object.values(w.autoscalers), ...Object.values(w.disruptionBudgets),
    ...(w.service ? [w.service] : []), ...Object.values(w.versionServices), ...(w.healthPortPolicy ? [w.healthPortPolicy] : []),
  ];
  return new Map(objects.map((o) => [o.node.id, o]));
}

describe('the workload in the construct tree', () => {
  const cases: [string, Partial<GrpcMeshServiceProps>, string[]][] = [
    ['Istio, autoscaled, health port', { healthPort: 8081, autoscaling: { maxReplicas: 4 } }, [
      'ServiceAccount', 'Deployment-v1', 'Autoscaler-v1', 'DisruptionBudget-v1', 'Deployment-v2', 'Autoscaler-v2', 'DisruptionBudget-v2',
      'Service', 'HealthPortPolicy',
    ]],
    ['Linkerd, a Service per version', { mesh: Mesh.linkerd() }, [
      'ServiceAccount', 'Deployment-v1', 'DisruptionBudget-v1', 'Deployment-v2', 'DisruptionBudget-v2', 'Service', 'Service-v1', 'Service-v2',
    ]],
    ['Flagger, which creates the Services', { ...ONE_VERSION, delivery: Delivery.flagger() }, ['ServiceAccount', 'Deployment-v1', 'DisruptionBudget-v1']],
    ['Argo Rollouts, a Rollout in place of the Deployment', { ...ONE_VERSION, delivery: Delivery.argoRollouts() }, ['ServiceAccount', 'DisruptionBudget-v1', 'Service']],
  ];

  test.each(cases)('%s: every workload object is a plain ApiObject directly under the service, under its id', (_name, overrides, ids) => {
    const { service, manifests } = synthService(baseProps(overrides));
    const objects = workloadObjects(service.workload);
    expect([...objects.keys()].sort()).toEqual([...ids].sort());
    for (const [id, o] of objects) {
      expect([id, o.node.scope]).toEqual([id, service]);
      expect(service.node.tryFindChild(id)).toBe(o);
      expect([id, o.constructor]).toEqual([id, ApiObject]);
      // Each one is written, once.
      expect(manifests.filter((m) => m.kind === o.kind && m.metadata.name === o.name)).toHaveLength(1);
    }
    const children = service.node.children.map((c) => c.node.id);
    expect(new Set(children).size).toBe(children.length);
  });

  test('the fields are plain ApiObjects of the kinds of cdk8s-plus-27\'s imports', () => {
    const w = synthService(baseProps({ healthPort: 8081, autoscaling: { maxReplicas: 4 } })).service.workload;
    const gvk = (o: ApiObject | undefined) => [o?.constructor, o?.apiVersion, o?.kind];
    // The constructor, not `toBeInstanceOf(k8s.KubeDeployment)`: cdk8s's `instanceof` any ApiObject class holds for every ApiObject.
    expect(gvk(w.serviceAccount)).toEqual([ApiObject, 'v1', 'ServiceAccount']);
    expect(gvk(w.deployments.v1)).toEqual([ApiObject, 'apps/v1', 'Deployment']);
    expect(gvk(w.autoscalers.v1)).toEqual([ApiObject, 'autoscaling/v2', 'HorizontalPodAutoscaler']);
    expect(gvk(w.disruptionBudgets.v1)).toEqual([ApiObject, 'policy/v1', 'PodDisruptionBudget']);
    expect(gvk(w.service)).toEqual([ApiObject, 'v1', 'Service']);
    expect(gvk(w.healthPortPolicy)).toEqual([ApiObject, 'networking.k8s.io/v1', 'NetworkPolicy']);
    expect(w).not.toBeInstanceOf(Construct);
  });

  test('pods carry no cdk8s.io/metadata.addr label: nothing selects by construct path', () => {
    const { manifests } = synthService(baseProps());
    for (const d of manifests.filter((m) => m.kind === 'Deployment')) {
      expect(Object.keys(d.spec.template.metadata.labels).filter((k) => k.startsWith('cdk8s.io/'))).toEqual([]);
    }
    expect(JSON.stringify(manifests)).not.toContain('cdk8s.io/metadata.addr');
  });

  test('the object names do not depend on where the service is in the tree', () => {
    const names = (scope: (c: Chart) => Construct) => {
      const chart = new Chart(Testing.app(), 'c');
      new GrpcMeshService(scope(chart), 'svc', baseProps());
      return Testing.synth(chart);
    };
    expect(names((c) => new Construct(c, 'Team'))).toEqual(names((c) => c));
  });

  test('JSON patches on the workload objects apply after the library\'s content', () => {
    const { service } = synthService(baseProps({ autoscaling: { maxReplicas: 4 } }));
    const w = service.workload;
    w.deployments.v1.addJsonPatch(
      JsonPatch.replace('/spec/template/spec/containers/0/readinessProbe/periodSeconds', 30),
      JsonPatch.add('/spec/template/spec/containers/0/env', [{ name: 'LOG_LEVEL', value: 'debug' }]),
      JsonPatch.remove('/spec/template/spec/topologySpreadConstraints'),
    );
    w.autoscalers.v1.addJsonPatch(JsonPatch.replace('/spec/behavior/scaleDown/stabilizationWindowSeconds', 60));
    w.serviceAccount.metadata.addAnnotation('team', 'orders');
    const manifests = Testing.synth(Chart.of(service));
    const spec = only(manifests, 'Deployment', 'svc-v1').spec.template.spec;
    expect(spec.containers[0].readinessProbe.periodSeconds).toBe(30);
    expect(spec.containers[0].env).toEqual([{ name: 'LOG_LEVEL', value: 'debug' }]);
    expect(spec).not.toHaveProperty('topologySpreadConstraints');
    expect(only(manifests, 'Deployment', 'svc-v2').spec.template.spec.topologySpreadConstraints).toHaveLength(2);
    expect(only(manifests, 'HorizontalPodAutoscaler', 'svc-v1').spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(60);
    expect(only(manifests, 'ServiceAccount', 'svc').metadata.annotations).toEqual({ team: 'orders' });
  });

  test('JSON patches apply to the JSON as written, also with a field cdk8s-plus-27\'s import does not know', () => {
    const { service } = synthService(baseProps());
    // `trafficDistribution` (Kubernetes 1.31) is newer than the import: an L1 KubeService dropped it.
    service.workload.service!.addJsonPatch(JsonPatch.add('/spec/trafficDistribution', 'PreferClose'));
    // The written name, not the import's TS name (`setHostnameAsFqdn`).
    service.workload.deployments.v1.addJsonPatch(JsonPatch.replace('/spec/template/spec/setHostnameAsFQDN', true));
    const manifests = Testing.synth(Chart.of(service));
    expect(only(manifests, 'Service', 'svc').spec.trafficDistribution).toBe('PreferClose');
    const spec = only(manifests, 'Deployment', 'svc-v1').spec.template.spec;
    expect(spec.setHostnameAsFQDN).toBe(true);
    expect(spec).not.toHaveProperty('setHostnameAsFqdn');
  });
});

describe('the Deployment keeps what cdk8s-plus-27 wrote', () => {
  const d = only(synthService(baseProps()).manifests, 'Deployment', 'svc-v1');

  test('the rollout settings', () => {
    expect(d.spec).toMatchObject({
      replicas: 2,
      minReadySeconds: 0,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    });
  });

  test('the pod spec defaults, the restricted pod security context, the pulled image', () => {
    const spec = d.spec.template.spec;
    expect(spec).toMatchObject({
      automountServiceAccountToken: false,
      dnsPolicy: 'ClusterFirst',
      hostNetwork: false,
      restartPolicy: 'Always',
      setHostnameAsFQDN: false,
      terminationGracePeriodSeconds: expect.any(Number),
    });
    expect(spec.securityContext).toEqual({ fsGroupChangePolicy: 'Always', runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.containers[0].imagePullPolicy).toBe('Always');
    expect(spec.containers[0].lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
  });

  test('the ServiceAccount mounts no token', () => {
    expect(only(synthService(baseProps()).manifests, 'ServiceAccount', 'svc').automountServiceAccountToken).toBe(false);
  });

  test('resources: CPU as given, memory in Mi, ephemeral storage in Gi; only the bounds set', () => {
    const resources = only(synthService(baseProps({
      resources: {
        cpu: { request: Cpu.units(1) },
        memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
        ephemeralStorage: { limit: Size.gibibytes(4) },
      },
    })).manifests, 'Deployment', 'svc-v1').spec.template.spec.containers[0].resources;
    expect(resources).toEqual({
      requests: { cpu: '1', memory: '1024Mi' },
      limits: { memory: '2048Mi', 'ephemeral-storage': '4Gi' },
    });
  });
});
