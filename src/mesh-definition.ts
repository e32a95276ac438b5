import type { CapabilityColumn } from './capability-column';
import type { LintRule } from './lint/lint-rule';

/**
 * What a mesh adds to the library as a whole, beside its provider: its columns of the capability
 * matrix and its lint rules, which run on every service. A provider names it as
 * `IMeshProvider.definition`, and `Mesh.of(provider)` registers it.
 */
export interface MeshDefinition {
  /** The mesh's name, unique among the registered meshes, e.g. `Istio`. */
  readonly name: string;
  /** Its columns of the capability matrix: one per release line or mode that maps props differently. */
  readonly capabilities: CapabilityColumn[];
  /**
   * Its lint rules, checks of its objects. A rule may check the mesh's objects for a code that
   * is already used (the same concern in another mesh's objects): then with the same name and
   * severity.
   */
  readonly lintRules: LintRule[];
}
