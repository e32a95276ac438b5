import { MeshDefinition } from '../mesh-definition';
import { ISTIO_CAPABILITIES } from './capabilities';
import { ISTIO_LINT_RULES } from './lint-rules';

/** Istio's capability column and lint rules. */
export const ISTIO_MESH: MeshDefinition = {
  name: 'Istio',
  capabilities: ISTIO_CAPABILITIES,
  lintRules: ISTIO_LINT_RULES,
};
