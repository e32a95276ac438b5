// One valid object of every kind the validator has a schema for (keyed `<apiVersion>/<Kind>`).
// Each call returns a fresh copy, so a test can break it without affecting others.
const meta = (name: string) => ({ name, namespace: 'default', labels: { 'app.kubernetes.io/name': 'grpc-service' } });

export const VALID: Record<string, () => any> = {
  'networking.istio.io/v1/VirtualService': () => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: meta('grpc-service'),
    spec: {
      hosts: ['grpc-service.default.svc.cluster.local'],
      http: [
        {
          name: 'say-hello',
          match: [{ uri: { exact: '/helloworld.Greeter/SayHello' } }],
          route: [
            { destination: { host: 'grpc-service', subset: 'v1', port: { number: 50051 } }, weight: 90 },
            { destination: { host: 'grpc-service', subset: 'v2', port: { number: 50051 } }, weight: 10 },
          ],
          timeout: '2.5s',
          retries: { attempts: 2, perTryTimeout: '1s', retryOn: 'unavailable,cancelled' },
        },
        { route: [{ destination: { host: 'grpc-service' } }] },
      ],
    },
  }),
  'networking.istio.io/v1/DestinationRule': () => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: meta('grpc-service'),
    spec: {
      host: 'grpc-service',
      trafficPolicy: {
        tls: { mode: 'ISTIO_MUTUAL' },
        connectionPool: { http: { http2MaxRequests: 1000, maxRequestsPerConnection: 0 } },
        outlierDetection: { consecutive5xxErrors: 5, interval: '10s', baseEjectionTime: '30s', maxEjectionPercent: 50 },
        loadBalancer: { simple: 'LEAST_REQUEST' },
      },
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    },
  }),
  'networking.istio.io/v1/Gateway': () => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: meta('grpc-gateway'),
    spec: {
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['grpc.example.com'],
          tls: { mode: 'SIMPLE', credentialName: 'grpc-cert' },
        },
      ],
    },
  }),
  'security.istio.io/v1/PeerAuthentication': () => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: meta('grpc-service'),
    spec: { selector: { matchLabels: { app: 'grpc-service' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { 50051: { mode: 'STRICT' } } },
  }),
  'security.istio.io/v1/RequestAuthentication': () => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'RequestAuthentication',
    metadata: meta('grpc-service'),
    spec: {
      selector: { matchLabels: { app: 'grpc-service' } },
      jwtRules: [{ issuer: 'https://accounts.example.com', jwksUri: 'https://accounts.example.com/jwks.json', audiences: ['grpc.example.com'] }],
    },
  }),
  'security.istio.io/v1/AuthorizationPolicy': () => ({
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: meta('grpc-service'),
    spec: {
      selector: { matchLabels: { app: 'grpc-service' } },
      action: 'ALLOW',
      rules: [
        {
          from: [{ source: { principals: ['cluster.local/ns/default/sa/client'] } }],
          to: [{ operation: { paths: ['/helloworld.Greeter/SayHello'], methods: ['POST'] } }],
        },
      ],
    },
  }),
  'telemetry.istio.io/v1/Telemetry': () => ({
    apiVersion: 'telemetry.istio.io/v1',
    kind: 'Telemetry',
    metadata: meta('grpc-service'),
    spec: {
      selector: { matchLabels: { app: 'grpc-service' } },
      tracing: [{ randomSamplingPercentage: 10, customTags: { tenant: { header: { name: 'x-tenant' } } } }],
      accessLogging: [{ filter: { expression: 'response.grpc_status != 0' } }],
    },
  }),
  'gateway.networking.k8s.io/v1/GRPCRoute': () => ({
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'GRPCRoute',
    metadata: meta('grpc-service'),
    spec: {
      parentRefs: [{ group: '', kind: 'Service', name: 'grpc-service', port: 50051 }],
      rules: [
        {
          matches: [{ method: { service: 'helloworld.Greeter', method: 'SayHello' } }],
          backendRefs: [
            { name: 'grpc-service-v1', port: 50051, weight: 90 },
            { name: 'grpc-service-v2', port: 50051, weight: 10 },
          ],
        },
      ],
    },
  }),
  'policy.linkerd.io/v1beta3/Server': () => ({
    apiVersion: 'policy.linkerd.io/v1beta3',
    kind: 'Server',
    metadata: meta('grpc-service'),
    spec: { podSelector: { matchLabels: { app: 'grpc-service' } }, port: 'grpc', proxyProtocol: 'gRPC' },
  }),
  'policy.linkerd.io/v1alpha1/AuthorizationPolicy': () => ({
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'AuthorizationPolicy',
    metadata: meta('grpc-service'),
    spec: {
      targetRef: { group: 'policy.linkerd.io', kind: 'Server', name: 'grpc-service' },
      requiredAuthenticationRefs: [{ group: 'policy.linkerd.io', kind: 'MeshTLSAuthentication', name: 'grpc-clients' }],
    },
  }),
  'policy.linkerd.io/v1alpha1/MeshTLSAuthentication': () => ({
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'MeshTLSAuthentication',
    metadata: meta('grpc-clients'),
    spec: { identities: ['client.default.serviceaccount.identity.linkerd.cluster.local'] },
  }),
  'policy.linkerd.io/v1alpha1/NetworkAuthentication': () => ({
    apiVersion: 'policy.linkerd.io/v1alpha1',
    kind: 'NetworkAuthentication',
    metadata: meta('kubelet'),
    spec: { networks: [{ cidr: '0.0.0.0/0' }, { cidr: '::/0', except: ['fd00::/8'] }] },
  }),
  'linkerd.io/v1alpha2/ServiceProfile': () => ({
    apiVersion: 'linkerd.io/v1alpha2',
    kind: 'ServiceProfile',
    metadata: meta('grpc-service.default.svc.cluster.local'),
    spec: {
      routes: [
        { name: 'SayHello', condition: { method: 'POST', pathRegex: '/helloworld\\.Greeter/SayHello' }, isRetryable: true, timeout: '5s' },
      ],
      retryBudget: { retryRatio: 0.2, minRetriesPerSecond: 10, ttl: '10s' },
    },
  }),
  'split.smi-spec.io/v1alpha2/TrafficSplit': () => ({
    apiVersion: 'split.smi-spec.io/v1alpha2',
    kind: 'TrafficSplit',
    metadata: meta('grpc-service'),
    spec: {
      service: 'grpc-service',
      backends: [
        { service: 'grpc-service-v1', weight: 90 },
        { service: 'grpc-service-v2', weight: 10 },
      ],
    },
  }),
  'flagger.app/v1beta1/Canary': () => ({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: meta('grpc-service'),
    spec: {
      provider: 'istio',
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'grpc-service-v1' },
      service: { port: 50051, portName: 'grpc', targetPort: 'grpc', appProtocol: 'grpc', retries: { attempts: 0 } },
      analysis: {
        interval: '1m',
        threshold: 5,
        stepWeight: 10,
        maxWeight: 50,
        metrics: [{ name: 'grpc-success-rate', templateRef: { name: 'grpc-service-grpc-success-rate' }, thresholdRange: { min: 99 }, interval: '1m' }],
      },
    },
  }),
  'flagger.app/v1beta1/MetricTemplate': () => ({
    apiVersion: 'flagger.app/v1beta1',
    kind: 'MetricTemplate',
    metadata: meta('grpc-service-grpc-success-rate'),
    spec: { provider: { type: 'prometheus', address: 'http://prometheus.istio-system:9090' }, query: 'sum(rate(istio_requests_total[{{ interval }}]))' },
  }),
  'argoproj.io/v1alpha1/Rollout': () => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: meta('grpc-service-v1'),
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'grpc-service' } },
      template: {
        metadata: { labels: { app: 'grpc-service' } },
        spec: { containers: [{ name: 'grpc', image: 'registry/app:v1', ports: [{ name: 'grpc', containerPort: 50051 }] }] },
      },
      strategy: {
        canary: {
          trafficRouting: {
            istio: {
              virtualServices: [{ name: 'grpc-service', routes: ['default'] }],
              destinationRule: { name: 'grpc-service', stableSubsetName: 'stable', canarySubsetName: 'canary' },
            },
          },
          steps: [{ setWeight: 10 }, { pause: { duration: '1m' } }],
        },
      },
    },
  }),
  'argoproj.io/v1alpha1/AnalysisTemplate': () => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisTemplate',
    metadata: meta('grpc-service-grpc-success-rate'),
    spec: {
      args: [{ name: 'canary-hash' }],
      metrics: [{
        name: 'grpc-success-rate',
        interval: '1m',
        failureLimit: 4,
        successCondition: 'len(result) > 0 && result[0] >= 99',
        provider: { prometheus: { address: 'http://prometheus.istio-system:9090', query: 'vector(100)' } },
      }],
    },
  }),
  'apps/v1/Deployment': () => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta('grpc-service'),
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'grpc-service' } },
      template: {
        metadata: { labels: { app: 'grpc-service', version: 'v1' }, annotations: { 'linkerd.io/inject': 'enabled' } },
        spec: {
          serviceAccountName: 'grpc-service',
          containers: [
            {
              name: 'server',
              image: 'example.com/grpc-service:1.0.0',
              imagePullPolicy: 'IfNotPresent',
              ports: [{ name: 'grpc', containerPort: 50051, protocol: 'TCP' }],
              readinessProbe: { grpc: { port: 50051 }, periodSeconds: 5 },
              resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: 0.5, memory: '128Mi' } },
              securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false },
            },
          ],
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
    },
  }),
  'v1/Service': () => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: meta('grpc-service'),
    spec: {
      selector: { app: 'grpc-service' },
      ports: [{ name: 'grpc', port: 50051, targetPort: 'grpc', appProtocol: 'kubernetes.io/h2c', protocol: 'TCP' }],
    },
  }),
  'v1/ServiceAccount': () => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta('grpc-service') }),
  'autoscaling/v2/HorizontalPodAutoscaler': () => ({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta('grpc-service-v1'),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'grpc-service-v1' },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    },
  }),
  'policy/v1/PodDisruptionBudget': () => ({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta('grpc-service-v1'),
    spec: { selector: { matchLabels: { app: 'grpc-service', version: 'v1' } }, maxUnavailable: '25%', unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  }),
  'networking.k8s.io/v1/NetworkPolicy': () => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: meta('grpc-service-health-port'),
    spec: {
      podSelector: { matchLabels: { app: 'grpc-service' } },
      policyTypes: ['Ingress'],
      ingress: [
        { ports: [{ protocol: 'TCP', port: 50051 }] },
        { from: [{ ipBlock: { cidr: '10.0.0.0/16' } }], ports: [{ protocol: 'TCP', port: 8081 }] },
      ],
    },
  }),
  'v1/ConfigMap': () => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('grpc-service-config'),
    data: { 'config.yaml': 'port: 50051\n' },
    binaryData: { blob: 'aGVsbG8=' },
  }),
  'v1/Namespace': () => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'grpc-linkerd', labels: { team: 'grpc' } } }),
};

export const valid = (key: string): any => {
  const make = VALID[key];
  if (!make) throw new Error(`no fixture for ${key}`);
  return make();
};
