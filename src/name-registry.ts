import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Reporter } from './errors';
import { isDns1035Label, isDnsLabel, isDnsSubdomain } from './model/checks';

// Names claimed in one app, keyed by kind and namespace and name, so that two services never write
// the same object (two services named alike in a namespace; a service `orders-v1` next to the
// version objects `orders-v1` of `orders`). Each service claims its own objects once, when it is
// constructed: no check walks the whole app, and none runs again on every validation.

interface Claim {
  /** The construct path of the object. */
  readonly path: string;
  /** The construct path of the service that owns it. */
  readonly owner: string;
}

const CLAIMS = new WeakMap<IConstruct, Map<string, Claim>>();

/** Where a derived name comes from, for the error. */
export interface NameSource {
  /** The prop the object names are derived from, e.g. `serviceName`. */
  readonly prop: string;
  /** Its value. */
  readonly value: string;
}

/**
 * Checks the name of every object under `owner` (or of `objects`) against what the API server and
 * the mesh accept, and claims it in the app: fails naming both services when another one claimed
 * it first. Without `objects`, the service's own name in its namespace is claimed as well.
 */
export function claimObjectNames(owner: IConstruct, namespace: string, source: NameSource, objects?: ApiObject[]): void {
  const r = new Reporter(owner.node.path);
  let claims = CLAIMS.get(owner.node.root);
  if (!claims) {
    claims = new Map();
    CLAIMS.set(owner.node.root, claims);
  }
  const mine: [string, Claim][] = [];
  if (objects === undefined) {
    // The service itself first, for the clearest message when two services share a name.
    const key = `service/${namespace}/${source.value}`;
    const other = claims.get(key);
    if (other && other.owner !== owner.node.path) {
      r.fail(source.prop, source.value, `the name of another service in namespace "${namespace}" (${other.owner})`,
        'give each service a unique name in its namespace (serviceName)');
    }
    mine.push([key, { path: owner.node.path, owner: owner.node.path }]);
  }
  for (const obj of objects ?? apiObjectsOf(owner)) {
    checkDerivedName(r, source, obj);
    const namespace = obj.metadata.namespace ?? '';
    const key = `${obj.apiGroup}/${obj.kind}/${namespace}/${obj.name}`;
    const other = claims.get(key);
    if (other && other.owner !== owner.node.path) {
      r.fail(source.prop, source.value,
        `its ${obj.kind} "${obj.name}" in namespace "${namespace}" is also written by ${other.owner} (${other.path})`,
        'give each service a name whose derived object names (<name>, <name>-<version>, ...) differ from every other service\'s in the namespace');
    }
    mine.push([key, { path: obj.node.path, owner: owner.node.path }]);
  }
  for (const [key, claim] of mine) claims.set(key, claim);
}

/** An object a controller creates for a service (not written by the library, but named after the service). */
export interface CreatedObject {
  /** The API group, `core` for the core group. */
  readonly apiGroup: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Who creates it, for the error, e.g. `Flagger`. */
  readonly creator: string;
}

/**
 * Claims in the app the names of objects a controller creates for the service, after the service's
 * own (claimObjectNames): fails naming both services when another one claimed or claims the name.
 */
export function claimCreatedNames(owner: IConstruct, source: NameSource, objects: CreatedObject[]): void {
  const r = new Reporter(owner.node.path);
  const claims = CLAIMS.get(owner.node.root) ?? new Map<string, Claim>();
  CLAIMS.set(owner.node.root, claims);
  const mine: [string, Claim][] = [];
  for (const obj of objects) {
    const key = `${obj.apiGroup}/${obj.kind}/${obj.namespace}/${obj.name}`;
    const other = claims.get(key);
    if (other && other.owner !== owner.node.path) {
      r.fail(source.prop, source.value,
        `the ${obj.kind} "${obj.name}" ${obj.creator} creates for it in namespace "${obj.namespace}" is also written by ${other.owner} (${other.path})`,
        'give each service a name whose derived object names (<name>, <name>-primary, <name>-canary, ...) differ from every other service\'s in the namespace');
    }
    mine.push([key, { path: `created by ${obj.creator}`, owner: owner.node.path }]);
  }
  for (const [key, claim] of mine) claims.set(key, claim);
}

function apiObjectsOf(owner: IConstruct): ApiObject[] {
  return owner.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

/** Kinds whose name the API server or the mesh checks more strictly than a DNS-1123 subdomain. */
const LABEL_NAMES: { [kind: string]: 'DNS-1035' | 'DNS-1123' } = {
  // A Service name is a DNS-1035 label (API server).
  'core/Service': 'DNS-1035',
  // istiod's webhook: a Gateway name is a DNS-1123 label (ValidateGateway).
  'networking.istio.io/Gateway': 'DNS-1123',
};

function checkDerivedName(r: Reporter, source: NameSource, obj: ApiObject): void {
  const rule = LABEL_NAMES[`${obj.apiGroup}/${obj.kind}`];
  const valid = rule === 'DNS-1035' ? isDns1035Label(obj.name) : rule === 'DNS-1123' ? isDnsLabel(obj.name) : isDnsSubdomain(obj.name);
  if (valid) return;
  const limit = rule ? 63 : 253;
  const extra = obj.name.length - source.value.length;
  const fix = obj.name.includes(source.value) && limit - extra > 0
    ? `shorten ${source.prop} to at most ${limit - extra} characters`
    : `shorten ${source.prop}`;
  const what = rule ? `a ${rule} label of at most 63 characters` : 'a DNS-1123 subdomain of at most 253 characters';
  r.fail(source.prop, source.value, `the ${obj.kind} name "${obj.name}" derived from it is not ${what}`, fix);
}
