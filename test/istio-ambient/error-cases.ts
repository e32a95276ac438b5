import { Duration } from 'cdk8s';
import { Delivery, GrpcApi, IstioDataplane, Mesh, MeshDefaultRetry, RetryOn, UndeclaredMethods, Waypoint } from '../../src';
import { ambientProps } from './helpers';

const API = GrpcApi.fromProtoText(`
  syntax = "proto3";
  package shop;
  message Req {}
  service Orders { rpc Put (Req) returns (Req); }`, { fileName: 'orders.proto' });

/** A mesh left with Istio's default retry policy, and props that it may honour. */
const ISTIO_DEFAULT = { meshDefaultRetry: MeshDefaultRetry.ISTIO_DEFAULT };
const RETRIABLE = { undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT };

// One case per rejection and per ambient-specific check, with the exact message.
export type Case = [string, () => ReturnType<typeof ambientProps>, string];

/** Rejections on Istio's ambient data plane, with the exact message. */
export const AMBIENT_CASES: Case[] = [
  ['a retry policy on ambient', () => ambientProps({ defaultRoute: { retry: { attempts: 2, on: [RetryOn.UNAVAILABLE] } } }),
    `test/svc: invalid defaultRoute.retry {"attempts":2}: not supported on Istio ambient (the waypoint applies Gateway API routes, and Gateway API v1.6.1 standard has no retry field: a route gets the mesh's default retry policy); remove retry, or use IstioDataplane.SIDECAR for retries of your own`],
  ['a method retry on ambient', () => ambientProps({ methods: [{ name: 'p.S/M', retry: { attempts: 2, perTryTimeout: Duration.seconds(1) } }] }),
    `test/svc: invalid methods[0].retry {"attempts":2}: not supported on Istio ambient (the waypoint applies Gateway API routes, and Gateway API v1.6.1 standard has no retry field: a route gets the mesh's default retry policy); remove retry, or use IstioDataplane.SIDECAR for retries of your own`],
  ['undeclared methods under Istio\'s default retry', () => ambientProps({ undeclaredMethods: undefined }, ISTIO_DEFAULT),
    `test/svc: invalid undeclaredMethods "UNKNOWN": not supported on Istio ambient (a call that must not be retried would be: every route gets Istio's default retry policy, 2 retries on connect-failure, refused-stream, unavailable and cancelled (MeshDefaultRetry.ISTIO_DEFAULT)); set undeclaredMethods: UndeclaredMethods.UNARY_IDEMPOTENT if every undeclared method may be retried, or install Istio with meshConfig.defaultHttpRetryPolicy.attempts 0 and set meshDefaultRetry: MeshDefaultRetry.NONE`],
  ['retries turned off under Istio\'s default retry', () => ambientProps({ ...RETRIABLE, methods: [{ name: 'p.S/M', retry: { attempts: 0 } }] }, ISTIO_DEFAULT),
    `test/svc: invalid methods[0].retry {"attempts":0}: not supported on Istio ambient (a call that must not be retried would be: every route gets Istio's default retry policy, 2 retries on connect-failure, refused-stream, unavailable and cancelled (MeshDefaultRetry.ISTIO_DEFAULT)); remove the retry, or install Istio with meshConfig.defaultHttpRetryPolicy.attempts 0 and set meshDefaultRetry: MeshDefaultRetry.NONE`],
  ['a method that must not be retried under Istio\'s default retry', () => ambientProps({ ...RETRIABLE, methods: [{ name: 'p.S/M', idempotent: false }] }, ISTIO_DEFAULT),
    `test/svc: invalid methods[0].idempotent false: not supported on Istio ambient (a call that must not be retried would be: every route gets Istio's default retry policy, 2 retries on connect-failure, refused-stream, unavailable and cancelled (MeshDefaultRetry.ISTIO_DEFAULT)); declare it idempotent, or install Istio with meshConfig.defaultHttpRetryPolicy.attempts 0 and set meshDefaultRetry: MeshDefaultRetry.NONE`],
  ['an API method without an idempotency level under Istio\'s default retry', () => ambientProps({ ...RETRIABLE, api: API }, ISTIO_DEFAULT),
    `test/svc: invalid api.methods[0].idempotent false: not supported on Istio ambient (a call that must not be retried would be: every route gets Istio's default retry policy, 2 retries on connect-failure, refused-stream, unavailable and cancelled (MeshDefaultRetry.ISTIO_DEFAULT)); declare it idempotent (idempotent: true in methods, or idempotency_level in the .proto), or install Istio with meshConfig.defaultHttpRetryPolicy.attempts 0 and set meshDefaultRetry: MeshDefaultRetry.NONE`],
  ['progressive delivery on ambient', () => ambientProps({ delivery: Delivery.argoRollouts({}) }),
    `test/svc: invalid delivery "ARGO_ROLLOUTS": not supported on Istio ambient (the delivery controllers are set up for sidecars here, not for a waypoint's Gateway API routes); remove delivery, or use IstioDataplane.SIDECAR`],
  ['a port ztunnel uses', () => ambientProps({ port: 15006 }),
    'test/svc: invalid port 15006: a port the Istio ztunnel uses itself; pick a port other than 15001, 15006, 15008, 15053, e.g. 50051'],
];

const AMBIENT = { dataplane: IstioDataplane.AMBIENT };

/** Bad ambient options of `Mesh.istio()`, and ambient options on sidecars, rejected by the factory, with the exact message. */
export const AMBIENT_OPTION_CASES: [string, () => unknown, string][] = [
  ['an unknown mesh default retry', () => Mesh.istio({ ...AMBIENT, meshDefaultRetry: 'OFF' as any }),
    'Mesh.istio: invalid meshDefaultRetry "OFF": not a MeshDefaultRetry; use one of MeshDefaultRetry: ISTIO_DEFAULT, NONE'],
  ['an unknown ambient enrollment', () => Mesh.istio({ ...AMBIENT, ambientEnrollment: 'LABEL' as any }),
    'Mesh.istio: invalid ambientEnrollment "LABEL": not an AmbientEnrollment; use one of AmbientEnrollment: POD, NAMESPACE'],
  ['a waypoint that is not a Waypoint', () => Mesh.istio({ ...AMBIENT, waypoint: 'waypoint' as any }),
    'Mesh.istio: invalid waypoint "waypoint": not a Waypoint; use Waypoint.dedicated() or Waypoint.existing({ name })'],
  ['an existing waypoint without a name', () => Mesh.istio({ ...AMBIENT, waypoint: Waypoint.existing({} as any) }),
    'Mesh.istio: invalid waypoint.name undefined: not a DNS-1123 label; use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit'],
  ['an existing waypoint in a bad namespace', () => Mesh.istio({ ...AMBIENT, waypoint: Waypoint.existing({ name: 'waypoint', namespace: 'Infra' }) }),
    'Mesh.istio: invalid waypoint.namespace "Infra": not a DNS-1123 label; use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit'],
  ['an existing waypoint with a bad service account', () => Mesh.istio({ ...AMBIENT, waypoint: Waypoint.existing({ name: 'waypoint', serviceAccount: 'Way Point' }) }),
    'Mesh.istio: invalid waypoint.serviceAccount "Way Point": not a DNS-1123 subdomain; use lowercase letters, digits, "-" and ".", at most 253 characters'],
  ['an unknown Istio data plane', () => Mesh.istio({ dataplane: 'CNI' as any }),
    'Mesh.istio: invalid dataplane "CNI": not an IstioDataplane; use one of IstioDataplane: SIDECAR, AMBIENT'],
  ['a waypoint on sidecars', () => Mesh.istio({ waypoint: Waypoint.dedicated() }),
    'Mesh.istio: invalid waypoint {"existing":false}: only read in ambient mode; set dataplane: IstioDataplane.AMBIENT, or remove waypoint'],
  ['a mesh default retry on sidecars', () => Mesh.istio({ meshDefaultRetry: MeshDefaultRetry.NONE }),
    'Mesh.istio: invalid meshDefaultRetry "NONE": only read in ambient mode; set dataplane: IstioDataplane.AMBIENT, or remove meshDefaultRetry'],
  ['an ambient enrollment on sidecars', () => Mesh.istio({ dataplane: IstioDataplane.SIDECAR, ambientEnrollment: 'POD' as any }),
    'Mesh.istio: invalid ambientEnrollment "POD": only read in ambient mode; set dataplane: IstioDataplane.AMBIENT, or remove ambientEnrollment'],
];
