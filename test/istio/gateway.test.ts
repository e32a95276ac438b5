import { Duration } from 'cdk8s';
import { Client } from '../../src';
import { billingApi, routeTable } from '../proto/support';
import { baseProps, only, synthService } from '../support/service';

describe('Istio ingress', () => {
  test('no Gateway without the ingress prop', () => {
    expect(synthService(baseProps()).manifests.filter((m) => m.kind === 'Gateway')).toEqual([]);
  });

  test('a Gateway on 443 with SIMPLE TLS, hosts scoped to its namespace, and an external VirtualService bound to it with the same routes', () => {
    const { manifests } = synthService(baseProps({
      namespace: 'shop',
      methods: [{ name: 'pkg.Svc/Get', timeout: Duration.seconds(2) }],
      ingress: { hosts: ['grpc.example.com', '*.api.example.com'], tlsCredentialName: 'grpc-cert' },
    }));
    const gw = only(manifests, 'Gateway');
    expect(gw.apiVersion).toBe('networking.istio.io/v1');
    expect(gw.metadata).toMatchObject({ name: 'svc-gateway', namespace: 'shop' });
    expect(gw.spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [{
        port: { number: 443, name: 'https-grpc', protocol: 'HTTPS' },
        tls: { mode: 'SIMPLE', credentialName: 'grpc-cert' },
        hosts: ['./grpc.example.com', './*.api.example.com'],
      }],
    });
    const external = only(manifests, 'VirtualService', 'svc-ingress');
    const internal = only(manifests, 'VirtualService', 'svc');
    expect(external.spec.gateways).toEqual(['shop/svc-gateway']);
    expect(external.spec.hosts).toEqual(['grpc.example.com', '*.api.example.com']);
    expect(external.spec.http).toEqual(internal.spec.http);
    expect(external.spec.exportTo).toEqual(['istio-system']);
  });

  test("the ingress VirtualService is exported to the gateway's namespace only ('.' when it is the service's)", () => {
    const ingress = { hosts: ['a.example.com'], tlsCredentialName: 'c', gatewayNamespace: 'default' };
    expect(only(synthService(baseProps({ ingress })).manifests, 'VirtualService', 'svc-ingress').spec.exportTo).toEqual(['.']);
  });

  test('with ingress.methods, the ingress VirtualService routes only those: other methods find no route', () => {
    const { manifests } = synthService(baseProps({
      methods: [{ name: 'pkg.Svc/Get', timeout: Duration.seconds(2) }, { name: 'pkg.Svc/Put', timeout: Duration.seconds(3) }],
      defaultRoute: { timeout: Duration.seconds(9) },
      ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c', methods: ['pkg.Svc/Get', 'pkg.Other', 'pkg.Svc/List'] },
    }));
    const http = only(manifests, 'VirtualService', 'svc-ingress').spec.http;
    expect(routeTable(http).map(([path, timeout]) => [path, timeout])).toEqual([
      ['/pkg.Svc/Get', '2s'],
      ['/pkg.Svc/List', '9s'],
      ['/pkg.Other/*', '9s'],
    ]);
    expect(http.every((h: any) => h.match !== undefined)).toBe(true);
    expect(new Set(http.map((h: any) => h.name)).size).toBe(http.length);
    // The in-mesh routes are unchanged.
    expect(routeTable(only(manifests, 'VirtualService', 'svc').spec.http).map(([path]) => path)).toEqual(['/pkg.Svc/Get', '/pkg.Svc/Put', 'default']);
  });

  test('an allowed whole service keeps its more specific in-mesh routes first', () => {
    const { manifests } = synthService(baseProps({
      methods: [{ name: 'pkg.Svc/Get', timeout: Duration.seconds(2) }, { name: 'pkg.Svc', timeout: Duration.seconds(4) }],
      ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c', methods: ['pkg.Svc', 'pkg.Svc/Get'] },
    }));
    const http = only(manifests, 'VirtualService', 'svc-ingress').spec.http;
    expect(routeTable(http).map(([path, timeout]) => [path, timeout])).toEqual([['/pkg.Svc/Get', '2s'], ['/pkg.Svc/*', '4s']]);
  });

  test('with an api, ingress exposes the declared methods only, by default: the routes, the ALLOW rule and the DENY policy', () => {
    const api = billingApi();
    const { service, manifests } = synthService(baseProps({ api, ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c' } }));
    const declared = service.model.apiMethods!.map((m) => `/${m.match.service}/${m.match.method}`);
    expect(declared.length).toBeGreaterThan(3);
    const http = only(manifests, 'VirtualService', 'svc-ingress').spec.http;
    expect(routeTable(http).map(([path]) => path).sort()).toEqual([...declared].sort());
    const deny = only(manifests, 'AuthorizationPolicy', 'svc-ingress-methods');
    expect(deny.spec.rules[0].to[0].operation.notPaths.sort()).toEqual([...declared].sort());
    const allow = only(manifests, 'AuthorizationPolicy', 'svc');
    expect(allow.spec.rules.at(-1).to[0].operation.paths.sort()).toEqual([...declared].sort());
  });
});

describe('exportTo of the in-mesh VirtualService and DestinationRule', () => {
  const exported = (manifests: any[]) => [only(manifests, 'VirtualService', 'svc').spec.exportTo, only(manifests, 'DestinationRule').spec.exportTo];

  test('by default the own namespace only, whose workloads are the only ones admitted', () => {
    expect(exported(synthService(baseProps()).manifests)).toEqual([['.'], ['.']]);
  });

  test('the namespaces of the admitted clients and of the ingress gateway, which routes to the subsets', () => {
    const { manifests } = synthService(baseProps({
      namespace: 'shop',
      authorization: { allow: [{ clients: [Client.namespace('web'), Client.serviceAccount('batch', 'jobs'), Client.namespace('shop')] }] },
      ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c' },
    }));
    expect(exported(manifests)).toEqual([['.', 'istio-system', 'jobs', 'web'], ['.', 'istio-system', 'jobs', 'web']]);
  });

  test('everywhere (no field) when any mesh workload is admitted', () => {
    const { manifests } = synthService(baseProps({ authorization: { allow: [{ clients: [Client.anyMeshWorkload()] }] } }));
    expect(exported(manifests)).toEqual([undefined, undefined]);
  });

  test('the gateway selector can be changed', () => {
    const { manifests } = synthService(baseProps({
      ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c', gatewaySelector: { app: 'edge' } },
    }));
    expect(only(manifests, 'Gateway').spec.selector).toEqual({ app: 'edge' });
  });
});
