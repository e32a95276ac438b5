import { Duration } from 'cdk8s';
import { GrpcApi, IstioDataplane, Mesh, RetryOn, Waypoint } from '../../src';
import { baseProps } from '../support/service';
import { ambientProps } from './helpers';

const API = GrpcApi.fromProtoText(`
  syntax = "proto3";
  package shop;
  message Req {}
  service Orders { rpc Put (Req) returns (Req); }`, { fileName: 'orders.proto' });

// One case per rejection and per ambient-specific check, with the exact message.
export type Case = [string, () => ReturnType<typeof ambientProps>, string];

/** Rejections on Istio's ambient data plane, and ambient options on sidecars, with the exact message. */
export const AMBIENT_CASES: Case[] = [
  ['a retry policy on ambient', () => ambientProps({ defaultRoute: { retry: { attempts: 2, on: [RetryOn.UNAVAILABLE] } } }),
    `test/svc: invalid defaultRoute.retry {"attempts":2}: not supported on Istio ambient (the waypoint applies Gateway API routes, and Gateway API v1.6.1 standard has no retry field: every route gets Istio's default retry policy, 2 retries on connect-failure, refused-stream, unavailable and cancelled); remove retry (Istio's default retry then applies), or use IstioDataplane.SIDECAR for retries of your own`],
  ['a method retry on ambient', () => ambientProps({ methods: [{ name: 'p.S/M', retry: { attempts: 2, perTryTimeout: Duration.seconds(1) } }] }),
    `test/svc: invalid methods[0].retry {"attempts":2}: not supported on Istio ambient (the waypoint applies Gateway API routes, and Gateway API v1.6.1 standard has no retry field: every route gets Istio's default retry policy, 2 retries on connect-failure, refused-stream, unavailable and cancelled); remove retry (Istio's default retry then applies), or use IstioDataplane.SIDECAR for retries of your own`],
  ['retries turned off on ambient', () => ambientProps({ methods: [{ name: 'p.S/M', retry: { attempts: 0 } }] }),
    `test/svc: invalid methods[0].retry {"attempts":0}: not supported on Istio ambient (the waypoint applies Gateway API routes, and Gateway API v1.6.1 standard has no retry field: every route gets Istio's default retry policy, 2 retries on connect-failure, refused-stream, unavailable and cancelled); remove retry (Istio's default retry then applies), or use IstioDataplane.SIDECAR for retries of your own`],
  ['a method that must not be retried on ambient', () => ambientProps({ methods: [{ name: 'p.S/M', idempotent: false }] }),
    `test/svc: invalid methods[0].idempotent false: not supported on Istio ambient (a method that must not be retried cannot be kept from it: every route gets Istio's default retry policy, 2 retries on connect-failure, refused-stream, unavailable and cancelled, and Gateway API v1.6.1 standard cannot turn it off); use IstioDataplane.SIDECAR for a method that must never be retried, or declare it idempotent (idempotent: true in methods, or idempotency_level in the .proto)`],
  ['an API method without an idempotency level on ambient', () => ambientProps({ api: API }),
    `test/svc: invalid api.methods[0].idempotent false: not supported on Istio ambient (a method that must not be retried cannot be kept from it: every route gets Istio's default retry policy, 2 retries on connect-failure, refused-stream, unavailable and cancelled, and Gateway API v1.6.1 standard cannot turn it off); use IstioDataplane.SIDECAR for a method that must never be retried, or declare it idempotent (idempotent: true in methods, or idempotency_level in the .proto)`],
  ['a port ztunnel uses', () => ambientProps({ port: 15006 }),
    'test/svc: invalid port 15006: a port the Istio ztunnel uses itself; pick a port other than 15001, 15006, 15008, 15053, e.g. 50051'],
  ['an unknown ambient enrollment', () => ambientProps({}, { ambientEnrollment: 'LABEL' as any }),
    'test/svc: invalid mesh.ambientEnrollment "LABEL": not an AmbientEnrollment; use one of AmbientEnrollment: POD, NAMESPACE'],
  ['a waypoint that is not a Waypoint', () => ambientProps({}, { waypoint: 'waypoint' as any }),
    'test/svc: invalid mesh.waypoint "waypoint": not a Waypoint; use Waypoint.dedicated() or Waypoint.existing({ name })'],
  ['an existing waypoint without a name', () => ambientProps({}, { waypoint: Waypoint.existing({} as any) }),
    'test/svc: invalid mesh.waypoint.name undefined: not a DNS-1123 label; use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit'],
  ['an existing waypoint in a bad namespace', () => ambientProps({}, { waypoint: Waypoint.existing({ name: 'waypoint', namespace: 'Infra' }) }),
    'test/svc: invalid mesh.waypoint.namespace "Infra": not a DNS-1123 label; use at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit'],
  ['an unknown Istio data plane', () => baseProps({ mesh: Mesh.istio({ dataplane: 'CNI' as any }) }),
    'test/svc: invalid mesh.dataplane "CNI": not an IstioDataplane; use one of IstioDataplane: SIDECAR, AMBIENT'],
  ['a waypoint on sidecars', () => baseProps({ mesh: Mesh.istio({ waypoint: Waypoint.dedicated() }) }),
    'test/svc: invalid mesh.waypoint {"existing":false}: only read in ambient mode; set dataplane: IstioDataplane.AMBIENT, or remove waypoint'],
  ['an ambient enrollment on sidecars', () => baseProps({ mesh: Mesh.istio({ dataplane: IstioDataplane.SIDECAR, ambientEnrollment: 'POD' as any }) }),
    'test/svc: invalid mesh.ambientEnrollment "POD": only read in ambient mode; set dataplane: IstioDataplane.AMBIENT, or remove ambientEnrollment'],
];
