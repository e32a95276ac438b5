import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
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
