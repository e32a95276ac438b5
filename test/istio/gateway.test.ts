import { Duration } from 'cdk8s';
import { baseProps, only, synthService } from '../support/service';

describe('Istio ingress', () => {
  test('no Gateway without the ingress prop', () => {
    expect(synthService(baseProps()).manifests.filter((m) => m.kind === 'Gateway')).toEqual([]);
  });

  test('a Gateway on 443 with SIMPLE TLS and an external VirtualService bound to it with the same routes', () => {
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
        hosts: ['grpc.example.com', '*.api.example.com'],
      }],
    });
    const external = only(manifests, 'VirtualService', 'svc-ingress');
    const internal = only(manifests, 'VirtualService', 'svc');
    expect(external.spec.gateways).toEqual(['shop/svc-gateway']);
    expect(external.spec.hosts).toEqual(['grpc.example.com', '*.api.example.com']);
    expect(external.spec.http).toEqual(internal.spec.http);
  });

  test('the gateway selector can be changed', () => {
    const { manifests } = synthService(baseProps({
      ingress: { hosts: ['a.example.com'], tlsCredentialName: 'c', gatewaySelector: { app: 'edge' } },
    }));
    expect(only(manifests, 'Gateway').spec.selector).toEqual({ app: 'edge' });
  });
});
