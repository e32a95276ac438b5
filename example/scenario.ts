import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-27';
import {
  AccessLogFilter, Client, GrpcMeshServiceProps, LintAcknowledgement, LoadBalancer, Mesh, MutualTlsMode, RetryOn, Streaming,
} from '../src';

/**
 * The example scenario: `grpc-service` with two versions, a canary and per-method policies. It is
 * lint-clean under `strict: true`; the one deliberate exception is acknowledged where it is made.
 * Methods it does not declare get neither a timeout nor retries (`undeclaredMethods` is UNKNOWN).
 */
export function exampleProps(mesh: Mesh): GrpcMeshServiceProps {
  return {
    mesh,
    serviceName: 'grpc-service',
    namespace: 'default',
    port: 50051,
    replicas: 3,
    resources: {
      cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(512) },
    },
    // Health checks on a port of their own, outside the mesh; a NetworkPolicy keeps it to the nodes.
    healthPort: 8081,
    versions: [
      // The stable version scales with its load; the canary keeps 3 pods (budgets, spreading and
      // drain are the defaults for both).
      { name: 'v1', image: 'myregistry/grpc-service:v1', autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilization: 70 } },
      { name: 'v2', image: 'myregistry/grpc-service:v2' },
    ],
    readinessProbe: { initialDelay: Duration.seconds(5), period: Duration.seconds(10) },
    livenessProbe: { initialDelay: Duration.seconds(15), period: Duration.seconds(20) },
    methods: [
      {
        name: 'mypackage.MyService/ExpensiveMethod',
        weights: { v1: 90, v2: 10 },
        timeout: Duration.seconds(60),
        // 3 tries (1 + 2 retries) x 20s fit the 60s timeout; a try that times out is retried too.
        retry: { attempts: 2, perTryTimeout: Duration.seconds(20), on: [RetryOn.UNAVAILABLE, RetryOn.RESOURCE_EXHAUSTED] },
      },
      // Unary and idempotent: the default route's timeout and retries.
      { name: 'mypackage.MyService/GetResource' },
      { name: 'mypackage.MyService/StreamData', streaming: Streaming.SERVER, weights: { v1: 100 } },
      { name: 'mypackage.MyService/UpdateResource', idempotent: false, timeout: Duration.seconds(10), weights: { v1: 100 } },
    ],
    // What the declared unary methods inherit: 2 tries (1 + 1 retry) x 5s fit the 10s timeout.
    defaultRoute: {
      weights: { v1: 100 },
      timeout: Duration.seconds(10),
      retry: { attempts: 1, perTryTimeout: Duration.seconds(5), on: [RetryOn.UNAVAILABLE, RetryOn.DEADLINE_EXCEEDED] },
    },
    loadBalancer: LoadBalancer.roundRobin(),
    connectionPool: { maxConnections: 100, connectTimeout: Duration.seconds(10) },
    outlierDetection: {
      consecutive5xxErrors: 5,
      interval: Duration.seconds(30),
      baseEjectionTime: Duration.seconds(30),
      maxEjectionPercent: 50,
      minHealthPercent: 30,
    },
    mtls: MutualTlsMode.STRICT,
    authorization: { allow: [{ clients: [Client.namespace('default')] }] },
    ingress: {
      hosts: ['grpc.example.com'],
      tlsCredentialName: 'grpc-gateway-cert',
      jwt: {
        issuer: 'https://accounts.example.com',
        jwksUri: 'https://accounts.example.com/.well-known/jwks.json',
        audiences: ['grpc.example.com'],
      },
    },
    telemetry: {
      tracing: { samplingPercentage: 10, tagGrpcMethod: true },
      accessLogging: AccessLogFilter.failedCalls(),
    },
    strict: true,
    lintAcknowledgements: [
      LintAcknowledgement.ofMethod('GM106', 'mypackage.MyService/ExpensiveMethod',
        'the server sends RESOURCE_EXHAUSTED when one replica\'s per-call memory quota is spent; another replica usually has room'),
    ],
  };
}
