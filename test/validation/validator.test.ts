import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  formatProblem,
  parseManifests,
  UnknownKinds,
  validateManifestFiles,
  validateManifests,
  validateManifestsDetailed,
  ValidationProblem,
} from '../../src/validation';
import { knownKinds } from '../../src/validation/schemas';
import { SchemaChecker } from '../../src/validation/structural';
import { expectValidManifests } from '../support/validate';
import { VALID, valid } from './fixtures';

const problemsOf = (obj: unknown): ValidationProblem[] => validateManifests([obj]);

function expectProblem(obj: unknown, path: string, message: string | RegExp): void {
  const problems = problemsOf(obj);
  expect(problems).toContainEqual(
    expect.objectContaining({ path, message: typeof message === 'string' ? expect.stringContaining(message) : expect.stringMatching(message) }),
  );
}

/** Problems of a value against an ad-hoc schema (for engine behaviour the pinned CRDs do not exercise). */
function check(value: unknown, schema: object) {
  const stats = { rulesEvaluated: 0, transitionRulesSkipped: 0 };
  const checker = new SchemaChecker(stats);
  checker.check(value, schema, 'spec');
  return { problems: checker.problems, stats };
}

describe('valid objects', () => {
  test('there is a fixture for every kind with a schema, and nothing else', () => {
    expect(Object.keys(VALID).sort()).toEqual([...knownKinds().byKey.keys()].sort());
  });

  test.each(Object.keys(VALID))('%s passes', (key) => {
    expect(problemsOf(valid(key)).map(formatProblem)).toEqual([]);
  });

  test('all kinds together pass, and their CEL rules are evaluated', () => {
    const result = validateManifestsDetailed(Object.values(VALID).map((make) => make()));
    expect(result.problems).toEqual([]);
    expect(result.objects).toBe(Object.keys(VALID).length);
    expect(result.rulesEvaluated).toBeGreaterThan(10);
  });

  test('expectValidManifests passes valid manifests and lists every problem otherwise', () => {
    expect(() => expectValidManifests([valid('v1/Service')])).not.toThrow();
    const bad = valid('v1/Service');
    bad.spec.ports[0].prot = 'TCP';
    bad.metadata.name = 'Bad';
    expect(() => expectValidManifests([valid('v1/ConfigMap'), bad])).toThrow(
      /2 invalid field\(s\)[\s\S]*synth#1 Service\/Bad spec\.ports\[0\]\.prot: unknown field[\s\S]*metadata\.name/,
    );
  });
});

describe('apiVersion and kind', () => {
  test('an apiVersion the pinned CRD does not serve names the served versions', () => {
    const ts = valid('split.smi-spec.io/v1alpha2/TrafficSplit');
    ts.apiVersion = 'split.smi-spec.io/v1alpha4';
    expectProblem(ts, 'apiVersion', 'not served');
    expectProblem(ts, 'apiVersion', 'split.smi-spec.io/v1alpha1, split.smi-spec.io/v1alpha2');
  });

  test('a served version the library does not emit is rejected, naming the one it does', () => {
    const vs = valid('networking.istio.io/v1/VirtualService');
    vs.apiVersion = 'networking.istio.io/v1alpha3';
    expectProblem(vs, 'apiVersion', /served by the pinned CRD virtualservices\.networking\.istio\.io.*only as networking\.istio\.io\/v1$/);
  });

  test('two objects that are the same resource are a problem', () => {
    const a = valid('networking.istio.io/v1/VirtualService');
    const b = valid('networking.istio.io/v1/VirtualService');
    b.apiVersion = 'networking.istio.io/v1'; // same group, kind, namespace and name
    const other = valid('networking.istio.io/v1/VirtualService');
    other.metadata.namespace = 'other';
    expect(validateManifests([a, other, b], { source: 'x.yaml' })).toEqual([
      expect.objectContaining({ index: 2, path: 'metadata.name', message: expect.stringContaining('x.yaml#0 is the same VirtualService') }),
    ]);
  });

  test('an unknown kind, a missing kind and a non-object are problems', () => {
    expectProblem({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'x' } }, 'kind', 'no schema for Ingress');
    expectProblem({ apiVersion: 'v1', metadata: { name: 'x' } }, 'kind', 'Required value');
    expect(problemsOf('just a string')).toEqual([expect.objectContaining({ index: 0, path: '', message: expect.stringContaining('must be a Kubernetes object') })]);
  });
});

describe('kinds without a schema, in your own charts', () => {
  const ingress = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' } };
  const v1beta1 = { ...valid('networking.istio.io/v1/VirtualService'), apiVersion: 'networking.istio.io/v1beta1' };
  const unserved = { ...valid('split.smi-spec.io/v1alpha2/TrafficSplit'), apiVersion: 'split.smi-spec.io/v1alpha4' };
  const broken = { ...valid('v1/ServiceAccount'), spec: {} };

  test('fail by default', () => {
    const result = validateManifestsDetailed([ingress, v1beta1]);
    expect(result.problems.map((p) => p.path)).toEqual(['kind', 'apiVersion']);
    expect(result).toMatchObject({ warnings: [], skipped: 0, objects: 2 });
  });

  test('UnknownKinds.WARN leaves them unchecked and lists them; everything else is still checked', () => {
    const result = validateManifestsDetailed([ingress, v1beta1, unserved, broken], { unknownKinds: UnknownKinds.WARN });
    expect(result.warnings.map(formatProblem)).toEqual([
      expect.stringMatching(/^#0 Ingress\/web kind: no schema for Ingress in networking\.k8s\.io\/v1/),
      expect.stringMatching(/^#1 VirtualService\/.* apiVersion: networking\.istio\.io\/v1beta1 is served by the pinned CRD/),
    ]);
    // Not served by the pinned CRD: the API server would reject it, so it stays a problem.
    expect(result.problems.map((p) => `${p.index} ${p.path}`)).toEqual(['2 apiVersion', '3 spec']);
    expect(result).toMatchObject({ skipped: 2, objects: 4 });
  });

  test('UnknownKinds.SKIP only counts them', () => {
    const result = validateManifestsDetailed([ingress, v1beta1], { unknownKinds: UnknownKinds.SKIP });
    expect(result).toMatchObject({ problems: [], warnings: [], skipped: 2, objects: 2 });
  });

  test('validateManifestFiles takes the option; a value not in UnknownKinds is an error', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unknown-kinds-'));
    try {
      fs.writeFileSync(path.join(dir, 'app.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n');
      expect(validateManifestFiles([dir]).problems).toHaveLength(1);
      expect(validateManifestFiles([dir], { unknownKinds: UnknownKinds.WARN })).toMatchObject({ problems: [], skipped: 1, files: 1 });
      expect(validateManifestFiles([dir], { unknownKinds: UnknownKinds.WARN }).warnings[0].source).toBe(path.join(dir, 'app.yaml'));
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
    expect(() => validateManifests([ingress], { unknownKinds: 'ignore' as UnknownKinds })).toThrow('unknownKinds: "ignore" is not one of fail, warn, skip');
  });

  test('npm run validate -- --unknown-kinds=warn|skip', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'unknown-kinds-'));
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'validate.js'), ...args], { encoding: 'utf8' });
    try {
      fs.writeFileSync(path.join(dir, 'app.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n');
      expect(run(dir)).toMatchObject({ status: 1, stdout: expect.stringContaining('no schema for Ingress') });
      const warned = run('--unknown-kinds=warn', dir);
      expect(warned).toMatchObject({ status: 0, stdout: expect.stringContaining('1 object of a kind without a schema not validated') });
      expect(warned.stderr).toMatch(/^warning: .*app\.yaml#0 Ingress\/web kind: no schema for Ingress/);
      expect(run('--unknown-kinds=skip', dir)).toMatchObject({ status: 0, stderr: '' });
      expect(run('--unknown-kinds=maybe', dir)).toMatchObject({ status: 2, stderr: expect.stringContaining('--unknown-kinds must be fail, warn or skip') });
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  }, 30_000);
});

describe('structural schema', () => {
  test('unknown fields are rejected, with a suggestion for near misses', () => {
    const vs = valid('networking.istio.io/v1/VirtualService');
    vs.spec.http[0].timout = '5s';
    expectProblem(vs, 'spec.http[0].timout', 'unknown field (did you mean "timeout"?)');
    const root = valid('v1/ConfigMap');
    root.spec = {};
    expectProblem(root, 'spec', 'unknown field');
  });

  test('x-kubernetes-preserve-unknown-fields keeps unknown fields', () => {
    const vs = valid('networking.istio.io/v1/VirtualService');
    vs.status = { anything: { goes: [1, 'two'] } };
    expect(problemsOf(vs)).toEqual([]);
  });

  test('types: integer, number, string, boolean, object, array', () => {
    const dr = valid('networking.istio.io/v1/DestinationRule');
    dr.spec.trafficPolicy.connectionPool.http.http2MaxRequests = '1000';
    expectProblem(dr, 'spec.trafficPolicy.connectionPool.http.http2MaxRequests', 'must be of type integer, got string "1000"');
    const vs = valid('networking.istio.io/v1/VirtualService');
    vs.spec.http[0].route[0].weight = 1.5;
    expectProblem(vs, 'spec.http[0].route[0].weight', 'must be of type integer, got number 1.5');
    const tel = valid('telemetry.istio.io/v1/Telemetry');
    tel.spec.tracing[0].randomSamplingPercentage = '10';
    expectProblem(tel, 'spec.tracing[0].randomSamplingPercentage', 'must be of type number');
    const sp = valid('linkerd.io/v1alpha2/ServiceProfile');
    sp.spec.routes[0].isRetryable = 'true';
    expectProblem(sp, 'spec.routes[0].isRetryable', 'must be of type boolean');
    const vs2 = valid('networking.istio.io/v1/VirtualService');
    vs2.spec.hosts = 'grpc-service';
    expectProblem(vs2, 'spec.hosts', 'must be of type array');
  });

  test('enum', () => {
    const pa = valid('security.istio.io/v1/PeerAuthentication');
    pa.spec.mtls.mode = 'STRICTER';
    expectProblem(pa, 'spec.mtls.mode', 'Unsupported value: "STRICTER": supported values: "UNSET", "DISABLE", "PERMISSIVE", "STRICT"');
  });

  test('required', () => {
    const vs = valid('networking.istio.io/v1/VirtualService');
    delete vs.spec.http[0].route[0].destination.host;
    expectProblem(vs, 'spec.http[0].route[0].destination.host', 'Required value');
  });

  test('pattern (RE2), including a Gateway API pattern', () => {
    const route = valid('gateway.networking.k8s.io/v1/GRPCRoute');
    route.spec.hostnames = ['Grpc.Example.com'];
    expectProblem(route, 'spec.hostnames[0]', 'should match');
    const header = valid('gateway.networking.k8s.io/v1/GRPCRoute');
    header.spec.rules[0].filters = [{ type: 'RequestHeaderModifier', requestHeaderModifier: { set: [{ name: 'x-tenant`|~', value: 'a' }] } }];
    expect(problemsOf(header)).toEqual([]);
    header.spec.rules[0].filters[0].requestHeaderModifier.set[0].name = 'x tenant';
    expectProblem(header, 'spec.rules[0].filters[0].requestHeaderModifier.set[0].name', 'should match');
  });

  test('RE2 inline flags in patterns', () => {
    const schema = { type: 'string', pattern: '^(?i)grpc(-[a-z]+)?$' };
    expect(check('GRPC-Web', schema).problems).toEqual([]);
    expect(check('http', schema).problems).toEqual([expect.objectContaining({ message: expect.stringContaining('should match') })]);
    expect(check('x', { type: 'string', pattern: '(?<=a)b' }).problems[0].message).toMatch(/^cannot check pattern/);
  });

  test('x-kubernetes-int-or-string', () => {
    const server = valid('policy.linkerd.io/v1beta3/Server');
    server.spec.port = 50051;
    expect(problemsOf(server)).toEqual([]);
    server.spec.port = true;
    expectProblem(server, 'spec.port', 'must be an integer or a string, got boolean');
    const svc = valid('v1/Service');
    svc.spec.ports[0].targetPort = 1.5;
    expectProblem(svc, 'spec.ports[0].targetPort', 'must be an integer or a string');
  });

  test('minimum and maximum', () => {
    const route = valid('gateway.networking.k8s.io/v1/GRPCRoute');
    route.spec.rules[0].backendRefs[0].weight = 1_000_001;
    expectProblem(route, 'spec.rules[0].backendRefs[0].weight', 'should be less than or equal to 1000000');
    route.spec.rules[0].backendRefs[0].weight = -1;
    expectProblem(route, 'spec.rules[0].backendRefs[0].weight', 'should be greater than or equal to 0');
  });

  test('minLength, maxLength, maxItems, maxProperties', () => {
    const route = valid('gateway.networking.k8s.io/v1/GRPCRoute');
    route.spec.parentRefs[0].name = '';
    expectProblem(route, 'spec.parentRefs[0].name', 'Too short');
    route.spec.parentRefs[0].name = 'x'.repeat(254);
    expectProblem(route, 'spec.parentRefs[0].name', 'Too long: may not be longer than 253');
    const tooMany = valid('gateway.networking.k8s.io/v1/GRPCRoute');
    tooMany.spec.hostnames = Array.from({ length: 17 }, (_, i) => `h${i}.example.com`);
    expectProblem(tooMany, 'spec.hostnames', 'must have at most 16 items');
    expect(check({ a: '1', b: '2' }, { type: 'object', maxProperties: 1, additionalProperties: { type: 'string' } }).problems).toEqual([
      expect.objectContaining({ message: 'Too many: 2: must have at most 1 properties' }),
    ]);
  });

  test('additionalProperties schemas', () => {
    const pa = valid('security.istio.io/v1/PeerAuthentication');
    pa.spec.selector.matchLabels.tier = 3;
    expectProblem(pa, 'spec.selector.matchLabels[tier]', 'must be of type string');
  });

  test('oneOf: Istio string matches allow only one of exact, prefix, regex', () => {
    const vs = valid('networking.istio.io/v1/VirtualService');
    vs.spec.http[0].match[0].uri = { exact: '/a.B/C', prefix: '/a.B/' };
    expectProblem(vs, 'spec.http[0].match[0].uri', 'only one of exact, prefix, regex may be set, found exact, prefix');
  });

  test('anyOf, allOf and not as structural schemas use them', () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string' } },
      anyOf: [{ required: ['a'] }, { required: ['b'] }],
      not: { required: ['a', 'b'] },
      allOf: [{ properties: { a: { maxLength: 2 } } }],
    };
    expect(check({ a: 'x' }, schema).problems).toEqual([]);
    expect(check({}, schema).problems[0].message).toBe('must match at least one of: a set; b set');
    expect(check({ a: 'x', b: 'y' }, schema).problems[0].message).toBe('must not match: a and b set');
    expect(check({ a: 'xyz' }, schema).problems[0]).toEqual({ path: 'spec.a', message: expect.stringContaining('Too long') });
  });

  test('nullable, and null fields the API server prunes', () => {
    const vs = valid('networking.istio.io/v1/VirtualService');
    vs.spec.http[0].timeout = null;
    expect(problemsOf(vs)).toEqual([]);
    delete vs.spec.hosts;
    vs.spec.gateways = null;
    expect(problemsOf(vs)).toEqual([]);
    expect(check(null, { type: 'string', nullable: true }).problems).toEqual([]);
    expect(check([null], { type: 'array', items: { type: 'string' } }).problems[0].message).toBe('must not be null');
  });

  test('x-kubernetes-list-type map and set uniqueness', () => {
    const route = valid('gateway.networking.k8s.io/v1/GRPCRoute');
    route.spec.rules[0].filters = [
      {
        type: 'RequestHeaderModifier',
        requestHeaderModifier: { set: [{ name: 'x-a', value: '1' }, { name: 'x-a', value: '2' }], remove: ['x-b', 'x-b'] },
      },
    ];
    expectProblem(route, 'spec.rules[0].filters[0].requestHeaderModifier.set[1]', 'Duplicate value: {"name":"x-a"}');
    expectProblem(route, 'spec.rules[0].filters[0].requestHeaderModifier.remove[1]', 'Duplicate value: "x-b"');
  });

  test('formats the API server enforces', () => {
    const cm = valid('v1/ConfigMap');
    cm.binaryData.blob = 'not base64!';
    expectProblem(cm, 'binaryData[blob]', 'must be in "byte" format');
    const dep = valid('apps/v1/Deployment');
    dep.spec.replicas = 2 ** 31;
    expectProblem(dep, 'spec.replicas', 'must fit in int32');
  });
});

describe('core kinds', () => {
  test('a Deployment with a bad field, type and enum', () => {
    const dep = valid('apps/v1/Deployment');
    dep.spec.replica = 3;
    dep.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
    dep.spec.template.spec.containers[0].ports[0].containerPort = '50051';
    const problems = problemsOf(dep);
    expect(problems.map((p) => `${p.path}: ${p.message}`).sort()).toEqual([
      'spec.replica: unknown field (did you mean "replicas"?)',
      'spec.template.spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      'spec.template.spec.containers[0].ports[0].containerPort: must be of type integer, got string "50051"',
    ]);
  });

  test('a Deployment without a pod template, and a quantity in the wrong syntax', () => {
    const dep = valid('apps/v1/Deployment');
    delete dep.spec.template;
    expectProblem(dep, 'spec.template', 'Required value');
    const dep2 = valid('apps/v1/Deployment');
    dep2.spec.template.spec.containers[0].resources.limits.memory = '128 MB';
    expectProblem(dep2, 'spec.template.spec.containers[0].resources.limits[memory]', 'must match at least one of');
  });
});

describe('core kinds: checks the API server makes in Go', () => {
  test('Deployment: selector must match the template labels; port names are IANA service names', () => {
    const dep = valid('apps/v1/Deployment');
    dep.spec.selector.matchLabels.app = 'other';
    dep.spec.template.spec.containers[0].ports[0].name = 'grpc-helloworld-api';
    dep.spec.template.spec.containers[0].readinessProbe.grpc.port = 70000;
    dep.spec.template.spec.containers[0].name = 'Server';
    expect(problemsOf(dep).map((p) => p.path)).toEqual([
      'spec.template.metadata.labels',
      'spec.template.spec.containers[0].name',
      'spec.template.spec.containers[0].ports[0].name',
      'spec.template.spec.containers[0].readinessProbe.grpc.port',
    ]);
    expectProblem(dep, 'spec.template.spec.containers[0].ports[0].name', 'must be no more than 15 characters');
  });

  test('Service: ports need names when there are several, port numbers and target port names are checked', () => {
    const svc = valid('v1/Service');
    svc.spec.ports.push({ port: 0, targetPort: 'grpc--web' });
    expect(problemsOf(svc).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'spec.ports[1].name: Required value: a name is required when a Service has more than one port',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].targetPort: Invalid value: "grpc--web": must not contain consecutive hyphens',
    ]);
  });

  test('ConfigMap: keys', () => {
    const cm = valid('v1/ConfigMap');
    cm.data['config/app.yaml'] = 'x';
    cm.data.blob = 'x';
    expect(problemsOf(cm).map((p) => p.path)).toEqual(['data[config/app.yaml]', 'binaryData[blob]']);
  });
});

describe('metadata', () => {
  test('names must be DNS-1123 subdomains (DNS-1035 labels for Services)', () => {
    const dr = valid('networking.istio.io/v1/DestinationRule');
    dr.metadata.name = 'Grpc_Service';
    expectProblem(dr, 'metadata.name', 'RFC 1123 subdomain');
    const svc = valid('v1/Service');
    svc.metadata.name = 'grpc.service';
    expectProblem(svc, 'metadata.name', 'DNS-1035 label');
    const sp = valid('linkerd.io/v1alpha2/ServiceProfile');
    delete sp.metadata.name;
    expectProblem(sp, 'metadata.name', 'Required value');
  });

  test('a Namespace is a DNS-1123 label and has no namespace of its own', () => {
    const ns = valid('v1/Namespace');
    ns.metadata.name = 'grpc.linkerd';
    ns.metadata.namespace = 'default';
    expect(problemsOf(ns).map((p) => [p.path, p.message])).toEqual([
      ['metadata.name', expect.stringContaining('RFC 1123 label')],
      ['metadata.namespace', 'Forbidden: not allowed on this type'],
    ]);
  });

  test('namespace, labels, annotations and unknown metadata fields', () => {
    const sa = valid('v1/ServiceAccount');
    sa.metadata.namespace = 'Default';
    sa.metadata.labels['app.kubernetes.io/version'] = 'x'.repeat(64);
    sa.metadata.labels['bad key!'] = 'v';
    sa.metadata.annotations = { 'linkerd.io/inject': 'enabled', '/nope': 'x' };
    sa.metadata.label = {};
    const paths = problemsOf(sa).map((p) => p.path);
    expect(paths).toEqual(['metadata.label']);
    delete sa.metadata.label;
    expect(problemsOf(sa).map((p) => p.path)).toEqual([
      'metadata.namespace',
      'metadata.labels[app.kubernetes.io/version]',
      'metadata.labels[bad key!]',
      'metadata.annotations[/nope]',
    ]);
    const vs = valid('networking.istio.io/v1/VirtualService');
    vs.metadata.labels.version = 2;
    expectProblem(vs, 'metadata.labels[version]', 'must be of type string');
  });
});

describe('x-kubernetes-validations (CEL)', () => {
  test('Istio: a VirtualService timeout of 0s fails with the CRD rule message', () => {
    const vs = valid('networking.istio.io/v1/VirtualService');
    vs.spec.http[0].timeout = '0s';
    expect(problemsOf(vs)).toEqual([
      {
        index: 0,
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        name: 'grpc-service',
        path: 'spec.http[0].timeout',
        message: 'must be a valid duration greater than 1ms (got "0s")',
      },
    ]);
    vs.spec.http[0].timeout = '1ms';
    expect(problemsOf(vs)).toEqual([]);
    vs.spec.http[0].timeout = '5 seconds';
    expectProblem(vs, 'spec.http[0].timeout', /evaluating rule/);
  });

  test('Istio: label selectors, port-level mTLS, Telemetry target exclusivity', () => {
    const pa = valid('security.istio.io/v1/PeerAuthentication');
    pa.spec.selector.matchLabels = { 'app*': 'x' };
    expectProblem(pa, 'spec.selector.matchLabels', 'wildcard not allowed in label key match');
    const pa2 = valid('security.istio.io/v1/PeerAuthentication');
    pa2.spec.portLevelMtls = { 70000: { mode: 'STRICT' } };
    expectProblem(pa2, 'spec.portLevelMtls', 'port must be between 1-65535');
    const tel = valid('telemetry.istio.io/v1/Telemetry');
    tel.spec.targetRefs = [{ kind: 'Service', name: 'grpc-service' }];
    expectProblem(tel, 'spec', 'only one of targetRefs or selector can be set');
  });

  test('Gateway API: more than 16 rules, more than 128 matches in total', () => {
    const rule = (n: number) => ({
      matches: Array.from({ length: n }, (_, i) => ({ method: { service: 'helloworld.Greeter', method: `M${i}` } })),
      backendRefs: [{ name: 'grpc-service', port: 50051 }],
    });
    const tooManyRules = valid('gateway.networking.k8s.io/v1/GRPCRoute');
    tooManyRules.spec.rules = Array.from({ length: 17 }, () => rule(1));
    expectProblem(tooManyRules, 'spec.rules', 'Too many: 17: must have at most 16 items');
    const tooManyMatches = valid('gateway.networking.k8s.io/v1/GRPCRoute');
    tooManyMatches.spec.rules = Array.from({ length: 16 }, () => rule(9));
    expectProblem(tooManyMatches, 'spec.rules', 'the total number of matches across all rules in a route must be less than 128');
    tooManyMatches.spec.rules = Array.from({ length: 16 }, () => rule(8));
    expect(problemsOf(tooManyMatches)).toEqual([]);
  });

  test('Gateway API: service names must match ^(?i)\\.?[a-z_]... (RE2 inline flag in matches())', () => {
    const route = valid('gateway.networking.k8s.io/v1/GRPCRoute');
    route.spec.rules[0].matches[0].method.service = 'HelloWorld.GREETER';
    expect(problemsOf(route)).toEqual([]);
    route.spec.rules[0].matches[0].method.service = 'helloworld/Greeter';
    expectProblem(route, 'spec.rules[0].matches[0].method', 'service must only contain valid characters');
    route.spec.rules[0].matches[0].method = { type: 'RegularExpression', service: 'helloworld/.*' };
    expect(problemsOf(route)).toEqual([]);
  });

  test('Gateway API: a Service backend needs a port, parent refs must be distinguishable (defaults applied)', () => {
    const route = valid('gateway.networking.k8s.io/v1/GRPCRoute');
    delete route.spec.rules[0].backendRefs[0].port;
    expectProblem(route, 'spec.rules[0].backendRefs[0]', 'Must have port for Service reference');
    const dup = valid('gateway.networking.k8s.io/v1/GRPCRoute');
    // group and kind default to gateway.networking.k8s.io and Gateway: these refs are the same parent.
    dup.spec.parentRefs = [{ name: 'gw' }, { name: 'gw', group: 'gateway.networking.k8s.io', kind: 'Gateway' }];
    expectProblem(dup, 'spec.parentRefs', 'sectionName must be unique when parentRefs includes 2 or more references to the same parent');
    dup.spec.parentRefs[1].sectionName = 'grpc';
    expectProblem(dup, 'spec.parentRefs', 'sectionName must be specified when parentRefs includes 2 or more references to the same parent');
    dup.spec.parentRefs[0].sectionName = 'https';
    expect(problemsOf(dup)).toEqual([]);
  });

  test('a rule that cannot be evaluated is a problem, never skipped', () => {
    const schema = (rule: string) => ({ type: 'array', items: { type: 'integer' }, 'x-kubernetes-validations': [{ rule, message: 'm' }] });
    expect(check([1, 2], schema('self.fooBar()')).problems[0].message).toMatch(/^cannot evaluate rule "self.fooBar\(\)": unknown function <value>\.fooBar\(0 arguments\)/);
    // Kubernetes library functions no pinned rule calls (so the engine lacks them), and known
    // functions with the wrong number of arguments.
    expect(check([1, 2], schema("quantity('1Gi').isGreaterThan(quantity('1Mi'))")).problems[0].message).toMatch(/unknown function quantity\(1 argument\)/);
    expect(check([1, 2], schema('self.isSorted()')).problems[0].message).toMatch(/unknown function <value>\.isSorted\(0 arguments\)/);
    expect(check([1, 2], schema('sets.contains(self, [1])')).problems[0].message).toMatch(/unknown function .*contains\(2 arguments\)/);
    expect(check([1, 2], schema("isURL('/x', 1)")).problems[0].message).toMatch(/unknown function isURL\(2 arguments\)/);
    expect(check([1, 2], schema("url('https://x/').getScheme() == 'https'")).problems).toEqual([]);
    expect(check([1, 2], schema('self.all(x, ')).problems[0].message).toMatch(/^cannot evaluate rule .*parse error/);
    expect(check([1, 2], schema('size(self)')).problems[0].message).toMatch(/returned bigint, not a bool/);
    expect(check([1, 2], schema('self.all(x, x > 0) && self.exists_one(x, x == 2) && self.map(x, x * 2)[1] == 4')).problems).toEqual([]);
  });

  test('transition rules are skipped and counted; optionalOldSelf rules are reported', () => {
    const schema = {
      type: 'string',
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }, { rule: 'self.size() < 3', message: 'short' }],
    };
    const { problems, stats } = check('abcd', schema);
    expect(problems).toEqual([{ path: 'spec', message: 'short (got "abcd")' }]);
    expect(stats).toEqual({ rulesEvaluated: 1, transitionRulesSkipped: 1 });
    const optional = { type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', optionalOldSelf: true }] };
    expect(check('a', optional).problems[0].message).toMatch(/^cannot evaluate rule/);
  });

  test('messageExpression, fieldPath, reason, and escaped property names', () => {
    const schema = {
      type: 'object',
      properties: { namespace: { type: 'string' }, 'max-count': { type: 'integer' } },
      'x-kubernetes-validations': [
        { rule: 'self.__namespace__ == "default"', messageExpression: '"namespace is " + self.__namespace__', fieldPath: '.namespace' },
        { rule: 'self.max__dash__count < 10', message: 'too many', reason: 'FieldValueForbidden' },
      ],
    };
    expect(check({ namespace: 'other', 'max-count': 20 }, schema).problems).toEqual([
      { path: 'spec.namespace', message: 'namespace is other' },
      { path: 'spec', message: 'Forbidden: too many' },
    ]);
  });
});

describe('YAML and formatting', () => {
  test('parseManifests reads multi-document YAML as the API server does (YAML 1.1)', () => {
    const { objects, problems } = parseManifests('a: yes\n---\n---\nb: [1, 2]\n', 'x.yaml');
    expect(problems).toEqual([]);
    expect(objects).toEqual([{ a: true }, { b: [1, 2] }]);
    const bad = parseManifests('a: 1\na: 2\n', 'dup.yaml');
    expect(bad.problems).toEqual([expect.objectContaining({ source: 'dup.yaml', index: 0, message: expect.stringMatching(/^YAML: .*unique/i) })]);
  });

  test('formatProblem gives one line', () => {
    const vs = valid('networking.istio.io/v1/VirtualService');
    vs.spec.http[0].timeout = '0s';
    const [p] = validateManifests([valid('v1/Service'), valid('v1/ServiceAccount'), valid('v1/ConfigMap'), vs], { source: 'dist/x.k8s.yaml' });
    expect(formatProblem(p)).toBe('dist/x.k8s.yaml#3 VirtualService/grpc-service spec.http[0].timeout: must be a valid duration greater than 1ms (got "0s")');
  });
});
