/**
 * Offline validation of synthesized manifests, as the Kubernetes API server would admit them on
 * create: `import { validateManifests } from 'cdk8s-grpc-mesh/validation'`.
 *
 * @module cdk8s-grpc-mesh/validation
 */
// Offline validation of synthesized manifests, as the Kubernetes API server would admit them on create:
// - the apiVersion/kind must be one the library emits, in a version the pinned CRD (or Kubernetes) serves,
//   for the release the objects target (ValidationRelease: the latest pins, or an older Linkerd line);
// - the structural schema of schemas/*.json (derived by scripts/derive-schemas.js from the pinned CRDs and
//   the Kubernetes 1.27 definitions): null pruning, defaults, types, enum, RE2 patterns, formats, bounds,
//   unknown fields, junctors, list-type uniqueness, ObjectMeta (names, labels, annotations);
// - x-kubernetes-validations CEL rules (transition rules, which need an old object, are counted, not run);
// - the Go-side checks of the core kinds the library emits (ports, port names, selector vs. labels).
// Cheap to require: schemas, the YAML parser, the RE2 engine and the CEL engine load on first use.
export { formatProblem, UnknownKinds, ValidationRelease } from './types';
export type { ValidateFilesOptions, ValidateOptions, ValidationProblem, ValidationResult } from './types';
export { validateManifests, validateManifestsDetailed } from './validate';
export { listManifestFiles, parseManifestFiles, parseManifests, validateManifestFiles } from './files';
export type { ManifestFile } from './files';
