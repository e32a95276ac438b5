/**
 * A Gateway API duration (GEP-2257, `^([0-9]{1,5}(h|m|s|ms)){1,4}$`) for whole milliseconds of at
 * least 1: whole hours, minutes and seconds as such, the rest in milliseconds.
 */
export function gatewayDuration(ms: number): string {
  const units: [string, number][] = [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  let rest = ms;
  const parts: string[] = [];
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.join('');
}
