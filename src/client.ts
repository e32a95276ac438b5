/** The kinds of {@link Client}. */
export enum ClientKind {
  SERVICE_ACCOUNT = 'SERVICE_ACCOUNT',
  NAMESPACE = 'NAMESPACE',
  ANY_MESH_WORKLOAD = 'ANY_MESH_WORKLOAD',
}

/** A caller that an authorization rule admits, identified by its mesh (mTLS) identity. */
export class Client {
  /** The workloads that run as one service account. */
  public static serviceAccount(name: string, namespace: string): Client {
    return new Client(ClientKind.SERVICE_ACCOUNT, name, namespace);
  }

  /** Every mesh workload in a namespace. */
  public static namespace(namespace: string): Client {
    return new Client(ClientKind.NAMESPACE, undefined, namespace);
  }

  /** Every workload with a mesh identity, in any namespace. */
  public static anyMeshWorkload(): Client {
    return new Client(ClientKind.ANY_MESH_WORKLOAD);
  }

  private constructor(
    /** What kind of client this is. */
    public readonly kind: ClientKind,
    /** The service account name, for a service account client. */
    public readonly name?: string,
    /** The namespace, for a service account or namespace client. */
    public readonly namespace?: string,
  ) {}
}

/** One allow rule: the clients it admits and, optionally, the methods they may call. */
export interface AuthorizationRule {
  /** The clients admitted. */
  readonly clients: Client[];

  /**
   * The gRPC methods (`pkg.Service/Method`) or whole services (`pkg.Service`) the clients may call.
   *
   * @default - every method of the service
   */
  readonly methods?: string[];
}

/** Who may call the service. */
export interface AuthorizationOptions {
  /**
   * The allow rules. A call is admitted when any rule admits it; every other call is denied.
   * An empty list admits nobody.
   */
  readonly allow: AuthorizationRule[];
}
