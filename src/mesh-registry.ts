import { Reporter } from './errors';
import { ISTIO_MESH } from './istio/definition';
import { LINKERD_MESH } from './linkerd/definition';
import { MeshDefinition } from './mesh-definition';

/** The built-in meshes, then the others in the order they were registered. */
const MESHES: MeshDefinition[] = [ISTIO_MESH, LINKERD_MESH];

/**
 * Registers a mesh: its capability columns and lint rules join the matrix and the lint run.
 * Registering the same definition again does nothing.
 *
 * @internal
 */
export function registerMesh(r: Reporter, definition: MeshDefinition): void {
  if (MESHES.includes(definition)) return;
  const same = MESHES.find((m) => m.name === definition.name);
  if (same) r.fail('definition.name', definition.name, 'the name of a mesh registered already', 'give each MeshDefinition a name of its own, and pass the same definition object each time');
  MESHES.push(definition);
}

/** The registered meshes: Istio, Linkerd, then those registered by `Mesh.of`. @internal */
export function registeredMeshes(): readonly MeshDefinition[] {
  return MESHES;
}
