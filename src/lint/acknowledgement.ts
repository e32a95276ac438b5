/**
 * A lint warning accepted on purpose, at one place: a rule (by its code, e.g. `GM103`) on one route
 * or, for rules about the service as a whole, on the service. An acknowledged finding is neither
 * printed nor failing under `strict: true`; every other finding of the rule still is. The reason is
 * kept with the code, for the next reader. Errors cannot be acknowledged, and an acknowledgement
 * that matches no finding is itself a warning (GM120), so none outlives its cause.
 */
export class LintAcknowledgement {
  /**
   * Acknowledges the warning `code` on the route of one method (`pkg.Service/Method`) or of one
   * whole service (`pkg.Service`), as declared in `methods` (or, with an `api`, a declared method
   * that has a route of its own).
   */
  public static ofMethod(code: string, name: string, reason: string): LintAcknowledgement {
    return new LintAcknowledgement(code, reason, name);
  }

  /** Acknowledges the warning `code` on the default route. */
  public static ofDefaultRoute(code: string, reason: string): LintAcknowledgement {
    return new LintAcknowledgement(code, reason, DEFAULT_ROUTE);
  }

  /**
   * Acknowledges the warning `code` wherever it is found on this service: for rules about the
   * service as a whole (e.g. GM107, GM114), or every route at once.
   */
  public static ofService(code: string, reason: string): LintAcknowledgement {
    return new LintAcknowledgement(code, reason, undefined);
  }

  private constructor(
    /** The rule's code, e.g. `GM103`. */
    public readonly code: string,
    /** Why the finding is accepted. */
    public readonly reason: string,
    /** The route (`pkg.Service/Method`, `pkg.Service` or `defaultRoute`); undefined for the whole service. */
    public readonly route?: string,
  ) {}
}

/** How findings and acknowledgements name the default route. */
export const DEFAULT_ROUTE = 'defaultRoute';
