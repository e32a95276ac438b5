/**
 * The parse error of a CEL expression, or undefined when it parses. The CEL parser loads on first
 * use, so requiring the package does not load it.
 */
export function celSyntaxError(expression: string): string | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('@bufbuild/cel') as typeof import('@bufbuild/cel');
  try {
    parse(expression);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
