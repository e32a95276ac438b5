import { GrpcMeshServiceProps, LinkerdMode, LinkerdOptions, Mesh } from '../../src';
import { baseProps, synthService } from '../support/service';

/** Minimal valid props on Linkerd (GATEWAY_API mode unless the options say otherwise). */
export function linkerdProps(overrides: Partial<GrpcMeshServiceProps> = {}, options: LinkerdOptions = {}): GrpcMeshServiceProps {
  return baseProps({ mesh: Mesh.linkerd(options), ...overrides });
}

/** The same, in the legacy SERVICE_PROFILE mode. */
export function legacyProps(overrides: Partial<GrpcMeshServiceProps> = {}, options: LinkerdOptions = {}): GrpcMeshServiceProps {
  return linkerdProps(overrides, { mode: LinkerdMode.SERVICE_PROFILE, ...options });
}

/** Synthesizes the props and checks every object against the pinned schemas. */
export function synthValid(props: GrpcMeshServiceProps): any[] {
  // synthService validates against the CRDs of the release the mesh targets.
  return synthService(props).manifests;
}

export function ofKind(manifests: any[], kind: string): any[] {
  return manifests.filter((m) => m.kind === kind);
}

export function byName(manifests: any[], kind: string): { [name: string]: any } {
  return Object.fromEntries(ofKind(manifests, kind).map((m) => [m.metadata.name, m]));
}
