import { Reporter } from '../errors';
import { DEFAULT_ROUTE, LintAcknowledgement } from '../lint/acknowledgement';
import { LintSeverity } from '../lint/lint-rule';
import { allLintRules, routeKey } from '../lint/rules';
import { array } from './checks';
import { LintAcknowledgementModel, RouteModel } from './model';

/**
 * Checks the `lintAcknowledgements` prop against the rules and the routes: each names a warning
 * rule and, unless it covers the whole service, a route the service has; none is repeated.
 */
export function normaliseAcknowledgements(r: Reporter, value: LintAcknowledgement[] | undefined, routes: RouteModel[]): LintAcknowledgementModel[] {
  const routeKeys = routes.map(routeKey);
  const seen = new Map<string, string>();
  return array(r, 'lintAcknowledgements', value, 'pass a list of LintAcknowledgement.ofMethod(...), ofDefaultRoute(...) or ofService(...)').map((a, i) => {
    const prop = `lintAcknowledgements[${i}]`;
    if (!(a instanceof LintAcknowledgement)) {
      r.fail(prop, a, 'not a LintAcknowledgement', 'use LintAcknowledgement.ofMethod(code, name, reason), ofDefaultRoute(code, reason) or ofService(code, reason)');
    }
    const rule = allLintRules().find((x) => x.code === a.code);
    if (!rule) r.fail(`${prop}.code`, a.code, 'not a lint rule code', 'use a code from the lint table (docs/lint.md), e.g. "GM103"');
    if (rule.severity !== LintSeverity.WARNING || rule.code === 'GM120') {
      r.fail(`${prop}.code`, a.code, `rule ${rule.code} ${rule.rule} cannot be acknowledged (${rule.severity === LintSeverity.ERROR ? 'an error' : 'it reports acknowledgements'})`,
        rule.severity === LintSeverity.ERROR ? 'fix what it finds: the mesh would reject or mis-apply the output' : 'remove the acknowledgement it reports');
    }
    if (typeof a.reason !== 'string' || a.reason.trim() === '') {
      r.fail(`${prop}.reason`, a.reason, 'no reason', 'say why the finding is accepted, for the next reader');
    }
    if (a.route !== undefined && a.route !== DEFAULT_ROUTE && !routeKeys.includes(a.route)) {
      r.fail(`${prop}.name`, a.route, 'no route of this service matches it exactly',
        `name a method or service with a route of its own (${routeKeys.filter((k) => k !== DEFAULT_ROUTE).join(', ') || 'none is declared'}), or use ofDefaultRoute or ofService`);
    }
    const key = `${a.code} ${a.route ?? '*'}`;
    const earlier = seen.get(key);
    if (earlier) r.fail(prop, a.code, `acknowledges what ${earlier} acknowledges already`, 'acknowledge each rule once per place');
    seen.set(key, prop);
    return { code: a.code, route: a.route, reason: a.reason };
  });
}
