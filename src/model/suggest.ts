import { Reporter } from '../errors';

// Suggestions for mistyped names: method and service names, option keys.

/**
 * The name closest to a mistyped one: the only one that ends with it (a name given without
 * its package), or the nearest by edit distance, within a `1/share` of its length (at least 2).
 */
export function closestName(wanted: string, names: string[], share: number): string | undefined {
  const suffix = names.filter((n) => n.endsWith(`.${wanted}`));
  if (suffix.length === 1) return suffix[0];
  const limit = Math.max(2, Math.floor(wanted.length / share));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = editDistance(wanted.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** Fails on the first key of an options object that is not a known one, suggesting the closest. */
export function knownKeys(r: Reporter, prop: string, value: object, known: string[], what: string, listed: string): void {
  for (const [key, v] of Object.entries(value)) {
    if (known.includes(key)) continue;
    const closest = closestName(key, known, 3);
    r.fail(prop === '' ? key : `${prop}.${key}`, v, `not ${what}`,
      closest ? `did you mean "${closest}"?` : `remove it (${listed} ${known.slice(0, -1).join(', ')} and ${known[known.length - 1]})`);
  }
}
