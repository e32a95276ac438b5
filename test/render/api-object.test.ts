import { ApiObject, Chart, Testing } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import * as argo from '../../imports/argoproj.io';
import * as flagger from '../../imports/flagger.app';
import * as gw from '../../imports/gateway.networking.k8s.io';
import * as l5d from '../../imports/linkerd.io';
import * as net from '../../imports/networking.istio.io';
import * as pol from '../../imports/policy.linkerd.io';
import * as sec from '../../imports/security.istio.io';
import * as smi from '../../imports/split.smi-spec.io';
import * as tel from '../../imports/telemetry.istio.io';
import { GrpcMeshService } from '../../src';
import { POLICY_HTTP_ROUTE_API_VERSION } from '../../src/linkerd/http-route';
import * as render from '../../src/render/api-object';
import { toWire } from '../../src/render/wire';
import { WIRE_IDENTICAL } from '../../src/render/wire-identical';
import { RICH_SERVICES } from '../support/rich-services';
import { baseProps } from '../support/service';

const IMPORTS: Record<string, any>[] = [k8s, argo, flagger, gw, l5d, net, pol, sec, smi, tel];

/** The classes of the typed imports whose generated converter is `toJson` (`toJson_<Class>Props`). */
function classesOf(toJson: unknown): any[] {
  return IMPORTS.flatMap((m) => Object.entries(m)
    .filter(([name, c]) => typeof c === 'function' && c.GVK !== undefined && m[`toJson_${name}Props`] === toJson)
    .map(([, c]) => c));
}

const group = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

describe('renderApiObject: the typed imports are the source of truth', () => {
  afterEach(() => jest.restoreAllMocks());

  test.each(RICH_SERVICES)('%s: each object is written as the generated converter writes its typed props', (_, overrides) => {
    const spy = jest.spyOn(render, 'renderApiObject');
    const service = new GrpcMeshService(new Chart(Testing.app(), 'test'), 'svc', baseProps(overrides));
    service.addClientConfigMap();
    const rendered = spy.mock.calls.map((args, i) => ({ args, object: spy.mock.results[i].value as ApiObject }));

    // Every object of the service but Linkerd 2.15's inbound HTTPRoutes (policy.linkerd.io, no typed import).
    const created = new Set<unknown>(rendered.map((r) => r.object));
    const children = service.node.children as ApiObject[];
    const policyRoute = (o: ApiObject) => o.apiVersion === POLICY_HTTP_ROUTE_API_VERSION && o.kind === 'HTTPRoute';
    expect(children.filter((c) => !created.has(c)).map((c) => c.node.id)).toEqual(children.filter(policyRoute).map((c) => c.node.id));
    expect(rendered.length).toBeGreaterThanOrEqual(10);

    for (const { args: [, id, gvk, toJson, props], object } of rendered) {
      // The converter is the one of the import's class of that kind (a GRPCRoute or a Server may be
      // written in an older version of its group, with the same fields).
      const classes = classesOf(toJson);
      expect([id, classes.length]).toEqual([id, 1]);
      const [cls] = classes;
      expect([id, cls.GVK.kind, group(cls.GVK.apiVersion)]).toEqual([id, gvk.kind, group(gvk.apiVersion)]);
      // What an instance of the class writes for the same typed props: `toJson_<Class>Props` at synth.
      const reference = new cls(new Chart(Testing.app(), 'reference'), id, props);
      expect([id, object.toJson()]).toEqual([id, { ...reference.toJson(), apiVersion: gvk.apiVersion }]);
      // Written by `toWire` (test/render/wire.test.ts), renaming where the converter renames.
      expect([id, WIRE_IDENTICAL.has(toJson)]).toEqual([id, true]);
      const rule = WIRE_IDENTICAL.get(toJson)!;
      const wire = toWire(props, rule.renamed, rule.plan);
      expect([id, wire]).toStrictEqual([id, toJson(props)]);
    }
  });
});
