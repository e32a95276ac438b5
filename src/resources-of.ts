import { Construct } from 'constructs';
import { GrpcMeshService } from './grpc-mesh-service';
import { IMeshResources } from './mesh-provider';

/** The mesh's objects of a GrpcMeshService (`service.meshResources`); undefined for any other construct. */
export function meshResourcesOf(scope: Construct): IMeshResources | undefined {
  return scope instanceof GrpcMeshService ? scope.meshResources : undefined;
}

/**
 * The delivery controller's objects of a GrpcMeshService (`service.deliveryResources`); undefined
 * without delivery and for any other construct.
 */
export function deliveryResourcesOf(scope: Construct): object | undefined {
  return scope instanceof GrpcMeshService ? scope.deliveryResources : undefined;
}

/** Why `scope` has no delivery objects of `engine` (`found`: the ones it has), for an error message. */
export function notDeliveredBy(scope: Construct, found: object | undefined, engine: string): string {
  if (found) return `not delivered by ${engine}`;
  return `${scope instanceof GrpcMeshService ? 'no delivery' : 'not a GrpcMeshService'}, so not delivered by ${engine}`;
}
