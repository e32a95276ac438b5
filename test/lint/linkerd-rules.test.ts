import { ApiObject, JsonPatch } from 'cdk8s';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { LinkerdMode, LinkerdResources, Mesh } from '../../src';
import { baseProps, synthService } from '../support/service';

const linkerd = (mode = LinkerdMode.GATEWAY_API) => synthService(baseProps({ mesh: Mesh.linkerd({ mode }) })).service;
const codes = (service: { lint(): { code: string }[] }) => service.lint().map((f) => f.code);

describe('mesh lint on Linkerd', () => {
  test('the default props lint clean in both modes', () => {
    expect(linkerd().lint()).toEqual([]);
    expect(linkerd(LinkerdMode.SERVICE_PROFILE).lint()).toEqual([]);
  });

  test('GM110: appProtocol grpc on a Linkerd Service is an error', () => {
    const service = linkerd();
    service.workload.service.addJsonPatch(JsonPatch.replace('/spec/ports/0/appProtocol', 'grpc'));
    expect(service.lint()).toEqual([expect.objectContaining({
      code: 'GM110', severity: 'error',
      message: 'Service svc port grpc has appProtocol grpc, which Linkerd treats as opaque; use kubernetes.io/h2c',
    })]);
  });

  test('GM111: a GRPCRoute for a Service that has a ServiceProfile is an error', () => {
    const service = linkerd(LinkerdMode.SERVICE_PROFILE);
    new gw.GrpcRoute(service, 'Extra', {
      metadata: { name: 'svc-extra', namespace: 'default' },
      spec: { parentRefs: [{ group: '', kind: 'Service', name: 'svc', port: 50051 }], rules: [{ backendRefs: [{ name: 'svc-v1', port: 50051 }] }] },
    });
    expect(codes(service)).toEqual(['GM111']);
  });

  test('GM112: gRPC probes without probe authorization under a deny policy are an error', () => {
    const service = linkerd();
    const health = Object.values(LinkerdResources.of(service).inboundRoutes).find((r) => r.name.endsWith('-health'))!;
    health.addJsonPatch(JsonPatch.replace('/spec/rules/0/matches/0/method/service', 'other.Service'));
    expect(service.lint()).toEqual([expect.objectContaining({
      code: 'GM112',
      message: 'Deployment svc-v1 has gRPC probes on port 50051 that the all-authenticated policy denies; set healthPort (skipped by the proxy) or authorize grpc.health.v1.Health',
    }), expect.objectContaining({ code: 'GM112' })]);
  });

  test('GM112 is satisfied by a health port the proxy skips', () => {
    const service = synthService(baseProps({ mesh: Mesh.linkerd(), healthPort: 8081 })).service;
    expect(service.lint()).toEqual([]);
  });

  test('GM113: a GRPCRoute with more than 16 rules is an error', () => {
    const service = linkerd();
    const route = Object.values(LinkerdResources.of(service).routes)[0];
    const rule = { backendRefs: [{ name: 'svc-v1', port: 50051 }] };
    route.addJsonPatch(JsonPatch.replace('/spec/rules', Array.from({ length: 17 }, () => rule)));
    expect(codes(service)).toEqual(['GM113']);
  });

  test('GM115: an explicit retry in legacy mode warns that the budget, not attempts, bounds retries', () => {
    const service = synthService(baseProps({ mesh: Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }), methods: [{ name: 'p.S/Get', retry: { attempts: 3 } }] })).service;
    expect(service.lint()).toEqual([expect.objectContaining({
      code: 'GM115', severity: 'warning',
      message: 'methods[0] asks for 3 retries, but a ServiceProfile retries within the retry budget on UNKNOWN, DEADLINE_EXCEEDED, PERMISSION_DENIED, INTERNAL, UNAVAILABLE and DATA_LOSS; tune Mesh.linkerd({ retryBudget }), or use LinkerdMode.GATEWAY_API for per-call limits',
    })]);
  });

  test('GM101: TrafficSplit weights that do not sum to 100 are an error', () => {
    const service = synthService(baseProps({ mesh: Mesh.linkerd({ mode: LinkerdMode.SERVICE_PROFILE }), defaultRoute: { weights: { v1: 90, v2: 10 } } })).service;
    (LinkerdResources.of(service).trafficSplit as ApiObject).addJsonPatch(JsonPatch.replace('/spec/backends/0/weight', 80));
    expect(service.lint()).toEqual([expect.objectContaining({ code: 'GM101', message: 'TrafficSplit svc weights sum to 90; make them add up to 100' })]);
  });
});
