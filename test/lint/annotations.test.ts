import * as path from 'path';
import { App, Chart, Duration } from 'cdk8s';
import { GrpcMeshService, IstioResources, LintAcknowledgement, Mesh, RetryOn } from '../../src';
import { checkManifestFiles } from '../../src/cli/check';
import { acknowledgementKey } from '../../src/lint/annotations';
import { lintManifests } from '../../src/lint/lint';
import { baseProps } from '../support/service';

const exhausted = { attempts: 2, perTryTimeout: Duration.seconds(1), on: [RetryOn.UNAVAILABLE, RetryOn.RESOURCE_EXHAUSTED] };

/** Two methods that retry resource-exhausted (GM106 on each); the first one acknowledged. */
function twoRetryingMethods(mesh = Mesh.istio()) {
  const app = new App();
  const service = new GrpcMeshService(new Chart(app, 'test'), 'svc', baseProps({
    mesh,
    methods: [
      { name: 'pkg.Svc/A', timeout: Duration.seconds(5), retry: exhausted },
      { name: 'pkg.Svc/B', timeout: Duration.seconds(5), retry: exhausted },
    ],
    lintAcknowledgements: [LintAcknowledgement.ofMethod('GM106', 'pkg.Svc/A', 'the server sheds load per replica')],
  }));
  return { app, service, objects: app.charts.flatMap((c) => c.toJson()) };
}

/** A hand-written VirtualService of the app `shop` whose route `checkout` retries resource-exhausted. */
function handWritten(annotations: { [key: string]: string }): any[] {
  return [{
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'shop', namespace: 'store', labels: { app: 'shop' }, annotations },
    spec: { hosts: ['shop'], http: [{ name: 'checkout', route: [{ destination: { host: 'shop' } }], retries: { attempts: 2, retryOn: 'resource-exhausted' } }] },
  }];
}

describe('lint acknowledgements written as annotations', () => {
  test('an acknowledgement of a route is written on the objects that render it, with its reason', () => {
    const { service } = twoRetryingMethods();
    const vs = IstioResources.of(service).virtualService!.toJson();
    expect(vs.metadata.annotations).toEqual({ 'lint.cdk8s-grpc-mesh.io/GM106.pkg-svc-a': 'the server sheds load per replica' });
  });

  test('on Linkerd, on the GRPCRoute of the route only', () => {
    const { objects } = twoRetryingMethods(Mesh.linkerd());
    const annotated = objects.filter((o) => Object.keys(o.metadata.annotations ?? {}).some((k) => k.startsWith('lint.cdk8s-grpc-mesh.io/')));
    expect(annotated.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['GRPCRoute/svc-pkg-svc-a']);
  });

  test('an acknowledgement of the whole service is written on its Service', () => {
    const app = new App();
    new GrpcMeshService(new Chart(app, 'test'), 'svc', baseProps({
      authorization: { allow: [] },
      lintAcknowledgements: [LintAcknowledgement.ofService('GM114', 'callers are added by another team')],
    }));
    const annotated = app.charts.flatMap((c) => c.toJson()).filter((o) => o.metadata.annotations?.['lint.cdk8s-grpc-mesh.io/GM114']);
    expect(annotated.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Service/svc']);
  });

  test('the annotation suppresses exactly one rule at one place in the written-YAML lint', () => {
    const { objects } = twoRetryingMethods();
    // The written YAML does not say which retries the props asked for: GM106 is found on both
    // routes, and the one on pkg.Svc/A is acknowledged.
    const findings = lintManifests(objects);
    expect(findings.map((f) => f.code)).toEqual(['GM106']);
    expect(findings[0].message).toMatch(/route pkg-svc-b retries resource-exhausted/);
    const unacknowledged = lintManifests(objects.map((o) => ({ ...o, metadata: { ...o.metadata, annotations: {} } })));
    expect(unacknowledged.map((f) => f.message.match(/route (\S+)/)![1])).toEqual(['pkg-svc-a', 'pkg-svc-b']);
  });

  test('a hand-written manifest can acknowledge a finding; an annotation of another rule does not', () => {
    expect(lintManifests(handWritten({}))).toHaveLength(1);
    expect(lintManifests(handWritten({ [acknowledgementKey('GM106', 'checkout')]: 'load is shed per replica' }))).toEqual([]);
    expect(lintManifests(handWritten({ 'lint.cdk8s-grpc-mesh.io/GM106': 'the whole service' }))).toEqual([]);
    expect(lintManifests(handWritten({ 'lint.cdk8s-grpc-mesh.io/GM117.checkout': 'another rule' })).map((f) => f.code)).toEqual(['GM106']);
  });

  test('an annotation naming an unknown code, an error, or a route the objects do not have is reported (GM120)', () => {
    const findings = lintManifests(handWritten({
      'lint.cdk8s-grpc-mesh.io/GM106.checkout': 'acknowledged',
      'lint.cdk8s-grpc-mesh.io/GM999.checkout': 'typo',
      'lint.cdk8s-grpc-mesh.io/GM101': 'an error',
      'lint.cdk8s-grpc-mesh.io/GM103.payment': 'stale',
    }));
    expect(findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      ['GM120', 'warning', 'annotation lint.cdk8s-grpc-mesh.io/GM101 on VirtualService/shop names GM101, which cannot be acknowledged; remove the annotation'],
      ['GM120', 'warning', 'annotation lint.cdk8s-grpc-mesh.io/GM103.payment on VirtualService/shop names a route none of the service\'s objects has; remove the annotation, or name the route as the objects do'],
      ['GM120', 'warning', 'annotation lint.cdk8s-grpc-mesh.io/GM999.checkout on VirtualService/shop names GM999, which is not a lint rule code; use a code from the lint table'],
    ]);
  });

  test('a key too long for an annotation name is shortened with a hash, deterministically', () => {
    const long = 'x'.repeat(80);
    const key = acknowledgementKey('GM106', long);
    expect(key.length - 'lint.cdk8s-grpc-mesh.io/'.length).toBeLessThanOrEqual(63);
    expect(key).toBe(acknowledgementKey('GM106', long));
    expect(key).not.toBe(acknowledgementKey('GM106', `${long}y`));
  });

  test('the written-YAML lint of the example\'s dist/ finds nothing, even when strict', () => {
    const result = checkManifestFiles([path.join(__dirname, '..', '..', 'dist')], { strict: true, schemas: false });
    expect(result.files).toBeGreaterThan(0);
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
