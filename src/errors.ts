import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';

/**
 * A synth-time error in the props of a construct of this library.
 *
 * The message names the construct path, the prop, the bad value and how to fix it,
 * in the style of cdk8s and aws-cdk (lowercase, no trailing period).
 */
export class GrpcMeshError extends Error {
  public constructor(
    /** The construct path, e.g. `app/grpc-service`. */
    public readonly constructPath: string,
    /** The prop, e.g. `methods[1].weights`. */
    public readonly prop: string,
    /** The offending value, rendered for the message. */
    public readonly value: unknown,
    /** What is wrong, e.g. `weights sum to 90, not 100`. */
    public readonly problem: string,
    /** How to fix it. */
    public readonly fix: string,
  ) {
    super(`${constructPath}: invalid ${prop} ${renderValue(value)}: ${problem}; ${fix}`);
    this.name = 'GrpcMeshError';
  }
}

/**
 * Renders a prop value for an error message: short, stable and readable.
 *
 * @internal
 */
export function renderValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') {
    const text = JSON.stringify(value);
    return text.length > 120 ? `${text.slice(0, 100)}..." (${value.length} characters)` : text;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Duration) return value.toHumanString();
  if (value instanceof Cpu) return `${value.amount} CPU`;
  if (value instanceof Size) return renderSize(value);
  try {
    const text = JSON.stringify(value, (_key, v) => {
      if (v instanceof Duration) return v.toHumanString();
      if (v instanceof Cpu) return `${v.amount} CPU`;
      return v instanceof Size ? renderSize(v) : v;
    });
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
  } catch {
    return String(value);
  }
}

/** A Size as written, e.g. `512Mi` (its amount and unit are not public). */
function renderSize(size: Size): string {
  const { amount, unit } = size as unknown as { amount: number; unit: { abbr: string } };
  return `${amount}${unit.abbr}`;
}

/**
 * Collects the context (construct path) errors are raised in.
 *
 * @internal
 */
export class Reporter {
  public constructor(public readonly constructPath: string) {}

  public fail(prop: string, value: unknown, problem: string, fix: string): never {
    throw new GrpcMeshError(this.constructPath, prop, value, problem, fix);
  }
}
