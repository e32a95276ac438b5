/** Exposure of the service outside the cluster through the mesh's ingress gateway (TLS on 443). */
export interface IngressOptions {
  /**
   * The external host names, e.g. `grpc.example.com`. The Gateway lists them as `./<host>`, so
   * that only VirtualServices of the service's own namespace can bind them to it.
   */
  readonly hosts: string[];

  /** The name of the Secret with the TLS certificate and key, in the gateway's namespace. */
  readonly tlsCredentialName: string;

  /**
   * The gRPC methods (`pkg.Service/Method`) or whole services (`pkg.Service`) that callers outside
   * the cluster may call through the gateway. The ingress VirtualService routes these only (a call
   * to any other method finds no route at the gateway), the service's authorization admits the
   * gateway's identity for these, and a DENY policy keeps it off every other method, whatever
   * `authorization.allow` admits.
   *
   * @default - with `api`, every method it declares; without, every method of the service
   */
  readonly methods?: string[];

  /**
   * The labels selecting the ingress gateway pods.
   *
   * @default { istio: 'ingressgateway' }
   */
  readonly gatewaySelector?: { [label: string]: string };

  /**
   * The service account of the ingress gateway pods. The service's authorization admits it, so
   * that calls through the gateway are not denied.
   *
   * @default 'istio-ingressgateway-service-account'
   */
  readonly gatewayServiceAccount?: string;

  /**
   * The namespace of the ingress gateway pods (where the TLS Secret must also live).
   *
   * @default 'istio-system'
   */
  readonly gatewayNamespace?: string;

  /**
   * End-user authentication of calls through the gateway with JWTs (Istio only): a
   * RequestAuthentication on the service's pods, and only calls with a valid token reach the
   * exposed methods.
   *
   * @default - no end-user authentication
   */
  readonly jwt?: JwtOptions;
}

/** The JSON Web Tokens callers through the ingress gateway must present. */
export interface JwtOptions {
  /** The token issuer (`iss`), e.g. `https://accounts.example.com`. */
  readonly issuer: string;

  /**
   * Where the issuer publishes its signing keys (an https URL). Exactly one of `jwksUri` and `jwks`.
   *
   * @default - none
   */
  readonly jwksUri?: string;

  /**
   * The signing keys inline, as a JSON Web Key Set document. Exactly one of `jwksUri` and `jwks`.
   *
   * @default - none
   */
  readonly jwks?: string;

  /**
   * The audiences (`aud`) a token must name one of.
   *
   * @default - any audience
   */
  readonly audiences?: string[];
}
