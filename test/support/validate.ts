import { formatProblem, validateManifests, ValidationRelease } from '../../src/validation';

/**
 * Fails the test, listing every problem, unless each manifest would be accepted by the Kubernetes
 * API server with the pinned CRDs of the release (by default the latest pins) (schema, metadata and x-kubernetes-validations CEL rules).
 * Call it on `Testing.synth(chart)` output in every synthesis test.
 */
export function expectValidManifests(manifests: any[], release: ValidationRelease = ValidationRelease.LATEST): void {
  const problems = validateManifests(manifests, { source: 'synth', release });
  if (problems.length > 0) {
    const lines = problems.map((p) => `  ${formatProblem(p)}`).join('\n');
    throw new Error(`${problems.length} invalid field(s) in ${manifests.length} synthesized manifest(s):\n${lines}`);
  }
}
