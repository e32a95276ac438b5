/** Exposure of the service outside the cluster through the mesh's ingress gateway (TLS on 443). */
export interface IngressOptions {
  /** The external host names, e.g. `grpc.example.com`. */
  readonly hosts: string[];

  /** The name of the Secret with the TLS certificate and key, in the gateway's namespace. */
  readonly tlsCredentialName: string;

  /**
   * The labels selecting the ingress gateway pods.
   *
   * @default { istio: 'ingressgateway' }
   */
  readonly gatewaySelector?: { [label: string]: string };
}
