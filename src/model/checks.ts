import { Duration } from 'cdk8s';
import { Reporter } from '../errors';

// Small checks shared by the normaliser. Each one either returns the checked value in
// model form or fails with a message that names the prop and the fix.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** The longest duration both meshes can hold: Go's time.Duration (about 292 years). */
export const MAX_DURATION_MS = 9_223_372_036_854;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function dnsLabel(r: Reporter, prop: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS1123_LABEL.test(value)) {
    r.fail(prop, value, 'not a DNS-1123 label', 'use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit');
  }
  return value;
}

/** A Service name: a DNS-1035 label (it must start with a letter). */
export function dns1035Label(r: Reporter, prop: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS1035_LABEL.test(value)) {
    r.fail(prop, value, 'not a DNS-1035 label (a Service name)', 'use at most 63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit');
  }
  return value;
}

/** An options object: present and a plain object, not null, a list or a primitive. */
export function object<T>(r: Reporter, prop: string, value: T, fix: string): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    r.fail(prop, value, 'not an object', fix);
  }
  return value;
}

export function dnsSubdomain(r: Reporter, prop: string, value: unknown): string {
  if (typeof value !== 'string' || value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    r.fail(prop, value, 'not a DNS-1123 subdomain', 'use lowercase letters, digits, "-" and ".", at most 253 characters');
  }
  return value;
}

export function hostName(r: Reporter, prop: string, value: unknown): string {
  const bare = typeof value === 'string' && value.startsWith('*.') ? value.slice(2) : value;
  if (typeof bare !== 'string' || bare.length > 253 || !DNS1123_SUBDOMAIN.test(bare)) {
    r.fail(prop, value, 'not a DNS host name', 'use a lowercase host name such as "grpc.example.com" (a leading "*." is allowed)');
  }
  return value as string;
}

export function integer(r: Reporter, prop: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    r.fail(prop, value, `not an integer from ${min} to ${max}`, `set an integer from ${min} to ${max}`);
  }
  return value;
}

export function percentage(r: Reporter, prop: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 100) {
    r.fail(prop, value, 'not a percentage from 0 to 100', 'set a number from 0 to 100');
  }
  return value;
}

export function port(r: Reporter, prop: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
    r.fail(prop, value, 'port out of range', 'use an integer port from 1 to 65535');
  }
  return value;
}

export function nonEmptyString(r: Reporter, prop: string, value: unknown, fix: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    r.fail(prop, value, 'must be a non-empty string', fix);
  }
  return value;
}

/** A duration the meshes accept: at least 1 ms, whole milliseconds. */
export function millis(r: Reporter, prop: string, value: unknown): number {
  if (!(value instanceof Duration)) {
    r.fail(prop, value, 'not a Duration', 'use Duration.seconds(...) or Duration.millis(...) from cdk8s');
  }
  const ms = value.toMilliseconds({ integral: false });
  if (!Number.isFinite(ms) || ms < 1 || !Number.isInteger(ms)) {
    r.fail(prop, value, 'durations must be at least 1ms and whole milliseconds', 'round it to whole milliseconds, at least Duration.millis(1)');
  }
  if (ms > MAX_DURATION_MS) {
    r.fail(prop, value, 'longer than the meshes can hold (about 292 years)', 'use a shorter duration');
  }
  return ms;
}

/** A duration in whole seconds, as Kubernetes probes take them. */
export function seconds(r: Reporter, prop: string, value: unknown, min: number): number {
  if (!(value instanceof Duration)) {
    r.fail(prop, value, 'not a Duration', 'use Duration.seconds(...) from cdk8s');
  }
  const s = value.toSeconds({ integral: false });
  if (!Number.isInteger(s) || s < min) {
    r.fail(prop, value, `probe times must be whole seconds, at least ${min}s`, `use Duration.seconds(n) with a whole n >= ${min}`);
  }
  return s;
}

export function array<T>(r: Reporter, prop: string, value: T[] | undefined, fix: string): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) r.fail(prop, value, 'not a list', fix);
  return value;
}

/** Fails when the service's port or health port is one the mesh's proxy listens on in every pod. */
export function notProxyPorts(r: Reporter, ports: { port: number; healthPort?: number }, proxyPorts: readonly number[], proxy: string): void {
  for (const [prop, value] of [['port', ports.port], ['healthPort', ports.healthPort]] as const) {
    if (value !== undefined && proxyPorts.includes(value)) {
      r.fail(prop, value, `a port the ${proxy} uses itself`, `pick a port other than ${proxyPorts.join(', ')}, e.g. 50051`);
    }
  }
}
