import { Client, MutualTlsMode, Mesh } from '../../src';
import { baseProps, only, synthService } from '../support/service';
import { selectorOf } from '../support/labels';

describe('Istio PeerAuthentication', () => {
  test('STRICT by default, selecting the service pods', () => {
    const pa = only(synthService(baseProps()).manifests, 'PeerAuthentication');
    expect(pa.apiVersion).toBe('security.istio.io/v1');
    expect(pa.spec).toEqual({ selector: { matchLabels: selectorOf('svc') }, mtls: { mode: 'STRICT' } });
  });

  test('PERMISSIVE on request', () => {
    const pa = only(synthService(baseProps({ mtls: MutualTlsMode.PERMISSIVE })).manifests, 'PeerAuthentication');
    expect(pa.spec.mtls.mode).toBe('PERMISSIVE');
  });
});

describe('Istio AuthorizationPolicy', () => {
  const policy = (overrides = {}) => only(synthService(baseProps(overrides)).manifests, 'AuthorizationPolicy', 'svc');

  test('by default allows only workloads of the service\'s own namespace', () => {
    const ap = policy({ namespace: 'shop' });
    expect(ap.apiVersion).toBe('security.istio.io/v1');
    expect(ap.metadata.namespace).toBe('shop');
    expect(ap.spec).toEqual({
      selector: { matchLabels: selectorOf('svc') },
      action: 'ALLOW',
      rules: [{ from: [{ source: { namespaces: ['shop'] } }] }],
    });
  });

  test('service accounts become SPIFFE principals in the trust domain, apart from namespaces', () => {
    const ap = policy({
      mesh: Mesh.istio({ trustDomain: 'corp.example' }),
      authorization: { allow: [{ clients: [Client.serviceAccount('web', 'front'), Client.namespace('ops'), Client.serviceAccount('cli', 'ops')] }] },
    });
    expect(ap.spec.rules).toEqual([{
      from: [
        { source: { principals: ['corp.example/ns/front/sa/web', 'corp.example/ns/ops/sa/cli'] } },
        { source: { namespaces: ['ops'] } },
      ],
    }]);
  });

  test('per-method rules name exact paths, services a path prefix', () => {
    const ap = policy({
      authorization: {
        allow: [
          { clients: [Client.namespace('default')], methods: ['pkg.Svc/Get'] },
          { clients: [Client.anyMeshWorkload()], methods: ['grpc.health.v1.Health'] },
        ],
      },
    });
    expect(ap.spec.rules).toEqual([
      { from: [{ source: { namespaces: ['default'] } }], to: [{ operation: { paths: ['/pkg.Svc/Get'] } }] },
      { from: [{ source: { principals: ['*'] } }], to: [{ operation: { paths: ['/grpc.health.v1.Health/*'] } }] },
    ]);
  });

  test('with ingress, the ingress gateway identity is admitted too', () => {
    const ap = policy({ ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c' } });
    expect(ap.spec.rules).toEqual([
      { from: [{ source: { namespaces: ['default'] } }] },
      { from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }] },
    ]);
    const custom = policy({ ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c', gatewayNamespace: 'edge', gatewayServiceAccount: 'gw' } });
    expect(custom.spec.rules[1]).toEqual({ from: [{ source: { principals: ['cluster.local/ns/edge/sa/gw'] } }] });
  });

  test('ingress.methods limits the gateway to the methods it exposes, whatever the allow rules', () => {
    const ap = policy({
      authorization: { allow: [{ clients: [Client.serviceAccount('admin', 'ops')], methods: ['pkg.Svc/Delete'] }] },
      ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c', methods: ['pkg.Svc/Get', 'pkg.Public'] },
    });
    expect(ap.spec.rules).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/ops/sa/admin'] } }], to: [{ operation: { paths: ['/pkg.Svc/Delete'] } }] },
      {
        from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }],
        to: [{ operation: { paths: ['/pkg.Svc/Get', '/pkg.Public/*'] } }],
      },
    ]);
  });

  test('with ingress.methods, a DENY policy keeps the gateway off other methods even when an allow rule covers its identity', () => {
    const ingress = { hosts: ['a.example.com'], tlsCredentialName: 'c', methods: ['pkg.Svc/Get', 'pkg.Public'] };
    for (const clients of [[Client.anyMeshWorkload()], [Client.namespace('istio-system')]]) {
      const { manifests } = synthService(baseProps({ authorization: { allow: [{ clients }] }, ingress }));
      const deny = only(manifests, 'AuthorizationPolicy', 'svc-ingress-methods');
      expect(deny.spec).toEqual({
        selector: { matchLabels: selectorOf('svc') },
        action: 'DENY',
        rules: [{
          from: [{ source: { principals: ['cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account'] } }],
          to: [{ operation: { notPaths: ['/pkg.Svc/Get', '/pkg.Public/*'] } }],
        }],
      });
    }
  });

  test('without ingress.methods the gateway may call every method, and no DENY policy is written', () => {
    const { manifests } = synthService(baseProps({ ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c' } }));
    expect(manifests.filter((m) => m.kind === 'AuthorizationPolicy').map((m) => m.spec.action)).toEqual(['ALLOW']);
  });

  test('an empty allow list admits nobody: an ALLOW policy without rules', () => {
    const ap = policy({ authorization: { allow: [] } });
    expect(ap.spec).toEqual({ selector: { matchLabels: selectorOf('svc') }, action: 'ALLOW' });
  });
});
