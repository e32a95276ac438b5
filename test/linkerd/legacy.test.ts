import { Duration } from 'cdk8s';
import { GrpcMeshServiceProps, LinkerdSplit, Streaming } from '../../src';
import { goQuoteMeta } from '../../src/linkerd/service-profile';
import { only } from '../support/service';
import { byName, legacyProps, ofKind, synthValid } from './helpers';

describe('Linkerd legacy mode (SERVICE_PROFILE): ServiceProfile', () => {
  const manifests = synthValid(legacyProps({
    defaultRoute: { weights: { v1: 90, v2: 10 }, timeout: Duration.seconds(30), retry: { attempts: 1 } },
    methods: [
      { name: 'pkg.v1.Svc', timeout: Duration.millis(2500) },
      { name: 'pkg.v1.Svc/Get', timeout: Duration.seconds(5), retry: { attempts: 2 } },
      { name: 'pkg.v1.Other/Get' },
      { name: 'pkg.v1.Svc/Update', idempotent: false, timeout: Duration.seconds(10) },
      { name: 'pkg.v1.Svc/Watch', streaming: Streaming.SERVER },
    ],
  }));
  const profile = only(manifests, 'ServiceProfile');
  const routes = profile.spec.routes;

  test('is linkerd.io/v1alpha2, named <service>.<namespace>.svc.<clusterDomain>', () => {
    expect(profile.apiVersion).toBe('linkerd.io/v1alpha2');
    expect(profile.metadata).toMatchObject({ name: 'svc.default.svc.cluster.local', namespace: 'default' });
    const custom = synthValid(legacyProps({}, { clusterDomain: 'corp.example' }));
    expect(only(custom, 'ServiceProfile').metadata.name).toBe('svc.default.svc.corp.example');
  });

  test('routes in match order: exact methods, whole services, then a catch-all default route', () => {
    expect(routes.map((r: any) => r.condition.pathRegex)).toEqual([
      '/pkg\\.v1\\.Svc/Get',
      '/pkg\\.v1\\.Other/Get',
      '/pkg\\.v1\\.Svc/Update',
      '/pkg\\.v1\\.Svc/Watch',
      '/pkg\\.v1\\.Svc/.*',
      '.*',
    ]);
    expect(routes.slice(0, 5).every((r: any) => r.condition.method === 'POST')).toBe(true);
    expect(routes[5].condition).toEqual({ pathRegex: '.*' });
  });

  test('route names as linkerd profile --proto writes them: the method, qualified when two routes share it', () => {
    expect(routes.map((r: any) => r.name)).toEqual(['pkg.v1.Svc/Get', 'pkg.v1.Other/Get', 'Update', 'Watch', 'pkg.v1.Svc', 'default']);
  });

  test('route names are unique: a method named default, or named like a whole-service route, is qualified', () => {
    const m = synthValid(legacyProps({
      methods: [{ name: 'p.S/default' }, { name: 'p.S/Get' }, { name: 'Get' }, { name: 'p.S/Put' }, { name: 'default' }, { name: 'q.T/x' }],
    }));
    const names = only(m, 'ServiceProfile').spec.routes.map((r: any) => [r.name, r.condition.pathRegex]);
    expect(names).toEqual([
      ['p.S/default', '/p\\.S/default'],
      ['p.S/Get', '/p\\.S/Get'],
      ['Put', '/p\\.S/Put'],
      ['x', '/q\\.T/x'],
      ['Get', '/Get/.*'],
      ['default/*', '/default/.*'],
      ['default', '.*'],
    ]);
    expect(new Set(names.map(([n]: string[]) => n)).size).toBe(names.length);
  });

  test('isRetryable where the route retries; timeouts as one integer and one unit; none on streaming', () => {
    const byPath = Object.fromEntries(routes.map((r: any) => [r.name, r]));
    expect(byPath['pkg.v1.Svc/Get']).toMatchObject({ isRetryable: true, timeout: '5s' });
    expect(byPath['pkg.v1.Other/Get']).toMatchObject({ isRetryable: true, timeout: '30s' });
    expect(byPath.Update.isRetryable).toBeUndefined();
    expect(byPath.Update.timeout).toBe('10s');
    expect(byPath.Watch.isRetryable).toBeUndefined();
    expect(byPath.Watch.timeout).toBeUndefined();
    expect(byPath['pkg.v1.Svc'].timeout).toBe('2500ms');
    expect(byPath.default).toMatchObject({ isRetryable: true, timeout: '30s' });
  });

  test('the retry budget defaults to 20%, 10 per second, 10s', () => {
    expect(profile.spec.retryBudget).toEqual({ retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' });
    const custom = synthValid(legacyProps({}, { retryBudget: { retryRatio: 0.5, minRetriesPerSecond: 3, ttl: Duration.millis(1500) } }));
    expect(only(custom, 'ServiceProfile').spec.retryBudget).toEqual({ retryRatio: 0.5, minRetriesPerSecond: 3, ttl: '1500ms' });
  });

  test('never a ServiceProfile and outbound GRPCRoutes for the same Service', () => {
    expect(ofKind(manifests, 'GRPCRoute').filter((r) => r.spec.parentRefs.some((p: any) => p.kind === 'Service'))).toEqual([]);
  });

  test('a path regex quotes every character Go\'s regexp.QuoteMeta quotes', () => {
    expect(goQuoteMeta('/a.b/C')).toBe('/a\\.b/C');
    expect(goQuoteMeta('\\.+*?()|[]{}^$x_/-')).toBe('\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$x_/-');
  });
});

describe('Linkerd legacy mode (SERVICE_PROFILE): the canary split as the ServiceProfile\'s dstOverrides (default)', () => {
  test('weights the version Services\' authorities by the default route\'s weights; no TrafficSplit', () => {
    const m = synthValid(legacyProps({ defaultRoute: { weights: { v1: 90, v2: 10 } } }));
    expect(only(m, 'ServiceProfile').spec.dstOverrides).toEqual([
      { authority: 'svc-v1.default.svc.cluster.local:50051', weight: 90 },
      { authority: 'svc-v2.default.svc.cluster.local:50051', weight: 10 },
    ]);
    expect(ofKind(m, 'TrafficSplit')).toEqual([]);
  });

  test('the authorities follow clusterDomain, namespace and port; weight 0 is left out', () => {
    const m = synthValid(legacyProps({ namespace: 'shop', port: 9090, defaultRoute: { weights: { v1: 100, v2: 0 } } }, { clusterDomain: 'corp.local' }));
    expect(only(m, 'ServiceProfile').spec.dstOverrides).toEqual([{ authority: 'svc-v1.shop.svc.corp.local:9090', weight: 100 }]);
  });

  test('no dstOverrides with a single version', () => {
    const m = synthValid(legacyProps({ versions: [{ name: 'v1', image: 'registry/app:v1' }] }));
    expect(only(m, 'ServiceProfile').spec.dstOverrides).toBeUndefined();
  });
});

describe('Linkerd legacy mode (SERVICE_PROFILE): SMI TrafficSplit (split: LinkerdSplit.SMI_TRAFFIC_SPLIT)', () => {
  const smiProps = (overrides: Partial<GrpcMeshServiceProps> = {}) => legacyProps(overrides, { split: LinkerdSplit.SMI_TRAFFIC_SPLIT });

  test('splits the apex Service over the version Services by the default route\'s integer weights, without dstOverrides', () => {
    const m = synthValid(smiProps({ defaultRoute: { weights: { v1: 90, v2: 10 } } }));
    expect(only(m, 'ServiceProfile').spec.dstOverrides).toBeUndefined();
    const split = only(m, 'TrafficSplit');
    expect(split.apiVersion).toBe('split.smi-spec.io/v1alpha2');
    expect(split.metadata.name).toBe('svc');
    expect(split.spec).toEqual({ service: 'svc', backends: [{ service: 'svc-v1', weight: 90 }, { service: 'svc-v2', weight: 10 }] });
  });

  test('with several versions a split is rendered even when one takes every call (the apex Service selects them all)', () => {
    const split = only(synthValid(smiProps()), 'TrafficSplit');
    expect(split.spec.backends).toEqual([{ service: 'svc-v1', weight: 100 }]);
  });

  test('no split with a single version', () => {
    const m = synthValid(smiProps({ versions: [{ name: 'v1', image: 'registry/app:v1' }] }));
    expect(ofKind(m, 'TrafficSplit')).toEqual([]);
    expect(Object.keys(byName(m, 'Service'))).toEqual(['svc', 'svc-v1']);
  });

  test('method routes may repeat the default route\'s weights', () => {
    const m = synthValid(smiProps({ defaultRoute: { weights: { v1: 50, v2: 50 } }, methods: [{ name: 'p.S/M', weights: { v1: 50, v2: 50 } }] }));
    expect(only(m, 'TrafficSplit').spec.backends.map((b: any) => b.weight)).toEqual([50, 50]);
  });
});
