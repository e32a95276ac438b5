/** One reason a manifest object would be rejected by the Kubernetes API server (or is not one we can vouch for). */
export interface ValidationProblem {
  /** Where the objects came from (a file path, or `options.source`). */
  readonly source?: string;
  /** 0-based position of the object in the validated list (for a file: among its non-empty YAML documents). */
  readonly index: number;
  readonly apiVersion?: string;
  readonly kind?: string;
  /** `metadata.name` of the object, when it has one. */
  readonly name?: string;
  /** Field path inside the object, e.g. `spec.http[0].timeout`; empty for the object as a whole. */
  readonly path: string;
  readonly message: string;
}

/**
 * The release whose CRDs the objects are checked against: each serves its own kinds and versions
 * (schemas/crds.json for the latest pins, schemas/<release>.json for the older Linkerd lines).
 */
export enum ValidationRelease {
  /** The current pins: Istio 1.30, Linkerd 2.18+ and edge (edge-26.8.3 CRDs), Gateway API 1.6, SMI 0.2.7. */
  LATEST = 'latest',
  /** Linkerd 2.16 and 2.17 (GRPCRoute v1alpha2, Server v1beta3) and the SMI extension. */
  LINKERD_2_16_TO_2_17 = 'linkerd-2.16-2.17',
  /** Linkerd 2.15 (no GRPCRoute, Server v1beta2, policy.linkerd.io HTTPRoute) and the SMI extension. */
  LINKERD_2_15 = 'linkerd-2.15',
}

/** What the validator does with an object whose apiVersion and kind it has no schema for. */
export enum UnknownKinds {
  /** A problem: the validator vouches only for what it can check. */
  FAIL = 'fail',
  /** Not validated, and listed in `warnings` (e.g. your own charts, which hold kinds of other CRDs). */
  WARN = 'warn',
  /** Not validated, only counted in `skipped`. */
  SKIP = 'skip',
}

/** Options of `validateManifestFiles`. */
export interface ValidateFilesOptions {
  /**
   * The release whose CRDs the objects must be accepted by.
   *
   * @default ValidationRelease.LATEST
   */
  readonly release?: ValidationRelease;
  /**
   * Objects of a kind, or of a served version of a kind, the validator has no schema for. An
   * apiVersion the pinned CRD does not serve stays a problem: the API server would reject it.
   *
   * @default UnknownKinds.FAIL
   */
  readonly unknownKinds?: UnknownKinds;
}

/** Options of `validateManifests` and `validateManifestsDetailed`. */
export interface ValidateOptions extends ValidateFilesOptions {
  /** Recorded in every problem, e.g. the file the objects were read from. */
  readonly source?: string;
}

/** The problems found, and what the validator did to find them. */
export interface ValidationResult {
  readonly problems: ValidationProblem[];
  /** Objects not validated for want of a schema (see `ValidateOptions.unknownKinds`), with why. */
  readonly warnings: ValidationProblem[];
  /** Number of objects read. */
  readonly objects: number;
  /** Objects of kinds the validator has no schema for, left unchecked (`UnknownKinds.WARN` or `SKIP`). */
  readonly skipped: number;
  /** x-kubernetes-validations (CEL) rules evaluated. */
  readonly rulesEvaluated: number;
  /**
   * Transition rules (they reference `oldSelf`) not evaluated: the API server evaluates them only when
   * an existing object is updated, so they cannot fail on create and need an old object to check.
   */
  readonly transitionRulesSkipped: number;
}

/** One line: `dist/x.k8s.yaml#3 VirtualService/grpc-service spec.http[0].timeout: <message>`. */
export function formatProblem(p: ValidationProblem): string {
  const where = `${p.source ?? ''}#${p.index}`;
  const what = `${p.kind ?? '<no kind>'}/${p.name ?? '<no name>'}`;
  return `${where} ${what} ${p.path === '' ? '(object)' : p.path}: ${p.message}`;
}
