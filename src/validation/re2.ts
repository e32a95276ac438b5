// Kubernetes checks `pattern` with Go's regexp package (RE2 syntax: `(?i)` inline flags, no
// lookaround or backreferences), so patterns are compiled by an RE2 engine, not by JS RegExp.
// The engine is @bufbuild/re2, the one the CEL engine's matches() uses.
import type { RE2JS } from '@bufbuild/re2';

type Compiled = { ok: true; re: RE2JS } | { ok: false; error: string };
const cache = new Map<string, Compiled>();
let engine: typeof RE2JS | undefined;

function compile(pattern: string): Compiled {
  let hit = cache.get(pattern);
  if (!hit) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    engine ??= (require('@bufbuild/re2') as typeof import('@bufbuild/re2')).RE2JS;
    try {
      hit = { ok: true, re: engine.compile(pattern) };
    } catch (e) {
      hit = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    cache.set(pattern, hit);
  }
  return hit;
}

/**
 * Whether `text` contains a match of the RE2 `pattern` (Go's regexp.MatchString: unanchored).
 * Returns an error message when the pattern is not valid RE2.
 */
export function re2Find(pattern: string, text: string): boolean | { error: string } {
  const c = compile(pattern);
  return c.ok ? c.re.test(text) : { error: c.error };
}
