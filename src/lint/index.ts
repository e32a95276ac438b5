export { LintAcknowledgement } from './acknowledgement';
export * from './lint-rule';
/** @internal */
export { allLintRules, LINT_RULES } from './rules';
export { formatFinding } from './lint';
/** @internal */
export { lintObjects } from './lint';
