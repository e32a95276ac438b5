export { LintAcknowledgement } from './acknowledgement';
export * from './lint-rule';
export { allLintRules, LINT_RULES } from './rules';
export { formatFinding, lintObjects } from './lint';
