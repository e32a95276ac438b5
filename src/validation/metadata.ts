// ObjectMeta checks the API server makes on create beyond the schema
// (k8s.io/apimachinery/pkg/api/validation ValidateObjectMeta).
import { dns1035Label, dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './formats';
import type { NameFormat } from './schemas';
import { FieldProblem, isPlainObject } from './structural';

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

const NAME_CHECKS: Record<NameFormat, (name: string) => string[]> = {
  dns1123Subdomain: dns1123Subdomain,
  dns1035Label: dns1035Label,
  dns1123Label: dns1123Label,
};

/** Problems with `metadata` (already checked against the ObjectMeta schema for types). */
export function checkMetadata(metadata: unknown, nameFormat: NameFormat = 'dns1123Subdomain', clusterScoped = false): FieldProblem[] {
  const out: FieldProblem[] = [];
  const meta = isPlainObject(metadata) ? metadata : {};
  const add = (path: string, messages: string[], value: string): void => {
    for (const m of messages) out.push({ path, message: `Invalid value: ${JSON.stringify(value)}: ${m}` });
  };

  if (typeof meta.name === 'string') {
    add('metadata.name', NAME_CHECKS[nameFormat](meta.name), meta.name);
  } else if (typeof meta.generateName !== 'string' || meta.generateName === '') {
    out.push({ path: 'metadata.name', message: 'Required value: name or generateName is required' });
  }
  if (clusterScoped && meta.namespace !== undefined && meta.namespace !== '') {
    out.push({ path: 'metadata.namespace', message: 'Forbidden: not allowed on this type' });
  } else if (typeof meta.namespace === 'string') {
    add('metadata.namespace', dns1123Label(meta.namespace), meta.namespace);
  }

  if (isPlainObject(meta.labels)) {
    for (const [key, value] of Object.entries(meta.labels)) {
      add(`metadata.labels[${key}]`, qualifiedName(key), key);
      if (typeof value === 'string') add(`metadata.labels[${key}]`, labelValue(value), value);
    }
  }
  if (isPlainObject(meta.annotations)) {
    let size = 0;
    for (const [key, value] of Object.entries(meta.annotations)) {
      add(`metadata.annotations[${key}]`, qualifiedName(key.toLowerCase()), key);
      size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
    }
    if (size > TOTAL_ANNOTATION_SIZE_LIMIT) {
      out.push({ path: 'metadata.annotations', message: `Too long: must have at most ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes, got ${size}` });
    }
  }
  return out;
}
