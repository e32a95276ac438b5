import { Duration } from 'cdk8s';

/** The kinds of load balancing a {@link LoadBalancer} can ask for. */
export enum LoadBalancerKind {
  ROUND_ROBIN = 'ROUND_ROBIN',
  LEAST_REQUEST = 'LEAST_REQUEST',
  RANDOM = 'RANDOM',
  CONSISTENT_HASH_HEADER = 'CONSISTENT_HASH_HEADER',
  CONSISTENT_HASH_COOKIE = 'CONSISTENT_HASH_COOKIE',
  CONSISTENT_HASH_SOURCE_IP = 'CONSISTENT_HASH_SOURCE_IP',
}

/**
 * How the client side of the mesh spreads calls over the service's endpoints.
 *
 * gRPC multiplexes every call over one HTTP/2 connection, so balancing happens per
 * request in the mesh proxy, not per connection.
 */
export class LoadBalancer {
  /** Each endpoint in turn. */
  public static roundRobin(): LoadBalancer {
    return new LoadBalancer(LoadBalancerKind.ROUND_ROBIN);
  }

  /** The endpoint with the fewest outstanding requests (of two picked at random). */
  public static leastRequest(): LoadBalancer {
    return new LoadBalancer(LoadBalancerKind.LEAST_REQUEST);
  }

  /** A random endpoint. */
  public static random(): LoadBalancer {
    return new LoadBalancer(LoadBalancerKind.RANDOM);
  }

  /** Session affinity on the value of a request header (gRPC metadata key). */
  public static consistentHashByHeader(headerName: string): LoadBalancer {
    return new LoadBalancer(LoadBalancerKind.CONSISTENT_HASH_HEADER, headerName);
  }

  /**
   * Session affinity on an HTTP cookie; the proxy sets it with the given ttl when absent.
   */
  public static consistentHashByCookie(cookieName: string, ttl: Duration): LoadBalancer {
    return new LoadBalancer(LoadBalancerKind.CONSISTENT_HASH_COOKIE, cookieName, ttl);
  }

  /** Session affinity on the client's source IP address. */
  public static consistentHashBySourceIp(): LoadBalancer {
    return new LoadBalancer(LoadBalancerKind.CONSISTENT_HASH_SOURCE_IP);
  }

  private constructor(
    /** The kind of balancing. */
    public readonly kind: LoadBalancerKind,
    /** The header or cookie name, for consistent hashing on one. */
    public readonly key?: string,
    /** The cookie ttl, for consistent hashing on a cookie. */
    public readonly ttl?: Duration,
  ) {}
}
