// Checks the API server makes on core kinds in Go (k8s.io/kubernetes/pkg/apis/{core,apps}/validation)
// rather than in their OpenAPI schema. Only the ones that concern what this library emits:
// ports and port names, container names, pod template labels vs. the Deployment selector,
// Service ports, ConfigMap keys. Run on objects that already passed the schema.
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './formats';
import { FieldProblem, isPlainObject } from './structural';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (isPlainObject(v) ? v : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** IANA_SVC_NAME, as a port name (validation.IsValidPortName). */
function portName(name: string): string[] {
  const out: string[] = [];
  if (name.length > 15) out.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name)) out.push("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
  if (name.includes('--')) out.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(name)) out.push('must contain at least one letter (a-z)');
  if (name.startsWith('-') || name.endsWith('-')) out.push('must not begin or end with a hyphen');
  return out;
}

const portNumber = (n: number): string[] => (n >= 1 && n <= 65535 ? [] : ['must be between 1 and 65535, inclusive']);

class Problems {
  readonly list: FieldProblem[] = [];
  add(path: string, value: unknown, messages: string[]): void {
    for (const m of messages) this.list.push({ path, message: `Invalid value: ${JSON.stringify(value)}: ${m}` });
  }
  required(path: string, message: string): void {
    this.list.push({ path, message: `Required value: ${message}` });
  }
}

function intOrPortName(p: Problems, path: string, v: unknown): void {
  if (typeof v === 'number') p.add(path, v, portNumber(v));
  else if (typeof v === 'string') p.add(path, v, portName(v));
}

function probe(p: Problems, path: string, v: unknown): void {
  const pr = obj(v);
  if (isPlainObject(pr.grpc) && typeof pr.grpc.port === 'number') p.add(`${path}.grpc.port`, pr.grpc.port, portNumber(pr.grpc.port));
  if (isPlainObject(pr.httpGet)) intOrPortName(p, `${path}.httpGet.port`, pr.httpGet.port);
  if (isPlainObject(pr.tcpSocket)) intOrPortName(p, `${path}.tcpSocket.port`, pr.tcpSocket.port);
}

function podSpec(p: Problems, path: string, spec: Obj): void {
  const names = new Set<string>();
  for (const field of ['initContainers', 'containers']) {
    list(spec[field]).forEach((c, i) => {
      const ctr = obj(c);
      const at = `${path}.${field}[${i}]`;
      if (typeof ctr.name === 'string') {
        p.add(`${at}.name`, ctr.name, dns1123Label(ctr.name));
        if (names.has(ctr.name)) p.list.push({ path: `${at}.name`, message: `Duplicate value: ${JSON.stringify(ctr.name)}` });
        names.add(ctr.name);
      }
      const portNames = new Set<string>();
      list(ctr.ports).forEach((port, j) => {
        const po = obj(port);
        const pat = `${at}.ports[${j}]`;
        if (typeof po.containerPort === 'number') p.add(`${pat}.containerPort`, po.containerPort, portNumber(po.containerPort));
        if (typeof po.hostPort === 'number' && po.hostPort !== 0) p.add(`${pat}.hostPort`, po.hostPort, portNumber(po.hostPort));
        if (typeof po.name === 'string') {
          p.add(`${pat}.name`, po.name, portName(po.name));
          if (portNames.has(po.name)) p.list.push({ path: `${pat}.name`, message: `Duplicate value: ${JSON.stringify(po.name)}` });
          portNames.add(po.name);
        }
      });
      for (const pr of ['livenessProbe', 'readinessProbe', 'startupProbe']) if (ctr[pr]) probe(p, `${at}.${pr}`, ctr[pr]);
    });
  }
  if (typeof spec.serviceAccountName === 'string') {
    p.add(`${path}.serviceAccountName`, spec.serviceAccountName, dns1123Subdomain(spec.serviceAccountName));
  }
}

/** Labels and annotations of a pod template (ValidateObjectMeta on the template). */
function templateMeta(p: Problems, path: string, meta: Obj): void {
  for (const [k, v] of Object.entries(obj(meta.labels))) {
    p.add(`${path}.labels[${k}]`, k, qualifiedName(k));
    if (typeof v === 'string') p.add(`${path}.labels[${k}]`, v, labelValue(v));
  }
  for (const k of Object.keys(obj(meta.annotations))) p.add(`${path}.annotations[${k}]`, k, qualifiedName(k.toLowerCase()));
}

function selectorMatches(selector: Obj, labels: Obj): boolean {
  for (const [k, v] of Object.entries(obj(selector.matchLabels))) if (labels[k] !== v) return false;
  for (const e of list(selector.matchExpressions)) {
    const { key, operator, values } = obj(e) as { key?: string; operator?: string; values?: unknown[] };
    const has = typeof key === 'string' && key in labels;
    const inValues = has && list(values).includes(labels[key as string]);
    if ((operator === 'In' && !inValues) || (operator === 'NotIn' && inValues)) return false;
    if ((operator === 'Exists' && !has) || (operator === 'DoesNotExist' && has)) return false;
  }
  return true;
}

function deployment(p: Problems, o: Obj): void {
  const spec = obj(o.spec);
  const selector = obj(spec.selector);
  const template = obj(spec.template);
  const labels = obj(obj(template.metadata).labels);
  if (Object.keys(obj(selector.matchLabels)).length === 0 && list(selector.matchExpressions).length === 0) {
    p.required('spec.selector', 'empty selector is invalid for deployment');
  } else if (!selectorMatches(selector, labels)) {
    p.list.push({ path: 'spec.template.metadata.labels', message: `Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\`` });
  }
  templateMeta(p, 'spec.template.metadata', obj(template.metadata));
  podSpec(p, 'spec.template.spec', obj(template.spec));
}

function service(p: Problems, o: Obj): void {
  const ports = list(obj(o.spec).ports);
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const po = obj(port);
    const at = `spec.ports[${i}]`;
    if (typeof po.name === 'string' && po.name !== '') {
      p.add(`${at}.name`, po.name, dns1123Label(po.name));
      if (names.has(po.name)) p.list.push({ path: `${at}.name`, message: `Duplicate value: ${JSON.stringify(po.name)}` });
      names.add(po.name);
    } else if (ports.length > 1) {
      p.required(`${at}.name`, 'a name is required when a Service has more than one port');
    }
    if (typeof po.port === 'number') p.add(`${at}.port`, po.port, portNumber(po.port));
    intOrPortName(p, `${at}.targetPort`, po.targetPort);
  });
}

function configMap(p: Problems, o: Obj): void {
  const seen = new Set<string>();
  for (const field of ['data', 'binaryData']) {
    for (const key of Object.keys(obj(o[field]))) {
      const problems: string[] = [];
      if (key.length > 253) problems.push('must be no more than 253 characters');
      if (!/^[-._a-zA-Z0-9]+$/.test(key)) problems.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.'");
      if (key === '.' || key === '..' || key.startsWith('..')) problems.push("must not be '.' or '..' or start with '..'");
      p.add(`${field}[${key}]`, key, problems);
      if (seen.has(key)) p.list.push({ path: `${field}[${key}]`, message: `Duplicate value: ${JSON.stringify(key)}: a key may be in data or binaryData, not both` });
      seen.add(key);
    }
  }
}

const RULES: Record<string, (p: Problems, o: Obj) => void> = {
  'apps/v1/Deployment': deployment,
  'v1/Service': service,
  'v1/ConfigMap': configMap,
};

/** Go-side API server validation for a core kind (keyed `<apiVersion>/<Kind>`); [] for other kinds. */
export function checkCoreRules(key: string, object: Obj): FieldProblem[] {
  const rule = RULES[key];
  if (!rule) return [];
  const p = new Problems();
  rule(p, object);
  return p.list;
}
