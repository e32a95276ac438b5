import { MeshDefinition } from '../mesh-definition';
import { LINKERD_CAPABILITIES } from './capabilities';
import { LINKERD_LINT_RULES } from './lint-rules';

/** Linkerd's capability columns (per release line and mode) and lint rules. */
export const LINKERD_MESH: MeshDefinition = {
  name: 'Linkerd',
  capabilities: LINKERD_CAPABILITIES,
  lintRules: LINKERD_LINT_RULES,
};
