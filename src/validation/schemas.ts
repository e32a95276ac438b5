import * as fs from 'fs';
import * as path from 'path';
import { ValidationRelease } from './types';

/** A CEL rule of `x-kubernetes-validations`. */
export interface SchemaRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
  readonly optionalOldSelf?: boolean;
}

/** The subset of an OpenAPI v3 / Kubernetes structural schema node the validator understands. */
export interface Schema {
  readonly type?: string;
  readonly format?: string;
  readonly nullable?: boolean;
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly additionalProperties?: Schema | boolean;
  readonly required?: readonly string[];
  readonly items?: Schema;
  readonly pattern?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly exclusiveMaximum?: boolean;
  readonly multipleOf?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly oneOf?: readonly Schema[];
  readonly anyOf?: readonly Schema[];
  readonly allOf?: readonly Schema[];
  readonly not?: Schema;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: string;
  readonly 'x-kubernetes-validations'?: readonly SchemaRule[];
}

export type NameFormat = 'dns1123Subdomain' | 'dns1035Label' | 'dns1123Label';

/** One kind the validator knows, as written by scripts/derive-schemas.js. */
export interface KindSchema {
  readonly schema: Schema;
  /** Versions of this kind's group/kind the pinned CRD (or Kubernetes) serves. */
  readonly served: readonly string[];
  readonly nameFormat?: NameFormat;
  /** A kind without a namespace (e.g. Namespace). */
  readonly clusterScoped?: boolean;
  /** For a CRD: its name and pinned file (relative to shared/crds). */
  readonly crd?: string;
  readonly file?: string;
}

interface SchemaFile {
  readonly kinds: Readonly<Record<string, KindSchema>>;
  readonly source: string;
}

export interface KnownKinds {
  /** Keyed by `<apiVersion>/<Kind>`, e.g. `networking.istio.io/v1/VirtualService`, `v1/Service`. */
  readonly byKey: ReadonlyMap<string, KindSchema>;
  /** Keyed by `<group>/<Kind>` (group `` for core): the key of the version we have a schema for. */
  readonly byGroupKind: ReadonlyMap<string, string>;
}

const CORE_FILE = 'core.json';
/** The CRD schemas of each release; every release also has the core kinds. */
const RELEASE_FILES: { readonly [R in ValidationRelease]: string } = {
  [ValidationRelease.LATEST]: 'crds.json',
  [ValidationRelease.LINKERD_2_16_TO_2_17]: 'linkerd-2.16-2.17.json',
  [ValidationRelease.LINKERD_2_15]: 'linkerd-2.15.json',
};

function schemaDir(): string {
  // src/validation (ts-jest, ts-node) and lib/src/validation (compiled) both sit under the package root.
  const candidates = [path.resolve(__dirname, '..', '..', 'schemas'), path.resolve(__dirname, '..', '..', '..', 'schemas')];
  const found = candidates.find((d) => fs.existsSync(path.join(d, CORE_FILE)));
  if (!found) {
    throw new Error(`validation schemas not found (looked in ${candidates.join(', ')}); run npm run derive-schemas`);
  }
  return found;
}

const known = new Map<ValidationRelease, KnownKinds>();

/** Reads the core schemas and those of the release from schemas/ on first use. */
export function knownKinds(release: ValidationRelease = ValidationRelease.LATEST): KnownKinds {
  const cached = known.get(release);
  if (cached) return cached;
  const releaseFile = RELEASE_FILES[release];
  if (releaseFile === undefined) {
    throw new Error(`unknown validation release ${JSON.stringify(release)}: use one of ${Object.values(ValidationRelease).join(', ')}`);
  }
  const dir = schemaDir();
  const byKey = new Map<string, KindSchema>();
  const byGroupKind = new Map<string, string>();
  for (const file of [CORE_FILE, releaseFile]) {
    const data = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as SchemaFile;
    for (const [key, entry] of Object.entries(data.kinds)) {
      byKey.set(key, entry);
      const { group, kind } = splitKey(key);
      byGroupKind.set(`${group}/${kind}`, key);
    }
  }
  const kinds = { byKey, byGroupKind };
  known.set(release, kinds);
  return kinds;
}

/** `apps/v1/Deployment` -> group apps, version v1, kind Deployment; `v1/Service` -> group ''. */
export function splitKey(key: string): { group: string; version: string; kind: string } {
  const parts = key.split('/');
  const kind = parts.pop() as string;
  const version = parts.pop() as string;
  return { group: parts.join('/'), version, kind };
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
