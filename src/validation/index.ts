// Offline validation of synthesized manifests against the pinned CRDs and core Kubernetes schemas.
// Cheap to require: schemas, the YAML parser, the RE2 engine and the CEL engine load on first use.
export { formatProblem } from './types';
export type { ValidateOptions, ValidationProblem, ValidationResult } from './types';
export { validateManifests, validateManifestsDetailed } from './validate';
export { listManifestFiles, parseManifestFiles, parseManifests, validateManifestFiles } from './files';
export type { ManifestFile } from './files';
