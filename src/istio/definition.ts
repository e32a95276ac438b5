import { MeshDefinition } from '../mesh-definition';
import { ISTIO_AMBIENT_CAPABILITIES } from '../istio-ambient/capabilities';
import { ISTIO_CAPABILITIES } from './capabilities';
import { ISTIO_LINT_RULES } from './lint-rules';

/** Istio's capability columns (sidecar and ambient) and lint rules. */
export const ISTIO_MESH: MeshDefinition = {
  name: 'Istio',
  // Sidecars, then the ambient data plane (IstioDataplane.AMBIENT).
  capabilities: [...ISTIO_CAPABILITIES, ...ISTIO_AMBIENT_CAPABILITIES],
  lintRules: ISTIO_LINT_RULES,
};
