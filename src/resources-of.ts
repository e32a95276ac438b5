import { Construct } from 'constructs';
import { Reporter } from './errors';
import { GrpcMeshService } from './grpc-mesh-service';

/** A holder class of a service's objects (`IstioResources`, `FlaggerResources`, ...). */
type HolderClass<T> = abstract new (...args: never[]) => T;

/**
 * `service.meshResources` as a `type` rendered for `mesh`; else a GrpcMeshError that says what
 * `service` is instead and `fix`.
 */
export function meshResourcesAs<T>(service: Construct, type: HolderClass<T>, mesh: string, fix: string): T {
  const found = service instanceof GrpcMeshService ? service.meshResources : undefined;
  if (found instanceof type) return found;
  return new Reporter(service.node.path).fail('mesh', found?.constructor.name,
    found ? `not rendered for ${mesh}` : `not a GrpcMeshService, so not rendered for ${mesh}`, fix);
}

/**
 * `service.deliveryResources` as a `type` written for `engine`; else a GrpcMeshError that says
 * what `service` has instead and `fix`.
 */
export function deliveryResourcesAs<T>(service: Construct, type: HolderClass<T>, engine: string, fix: string): T {
  const isService = service instanceof GrpcMeshService;
  const found = isService ? service.deliveryResources : undefined;
  if (found instanceof type) return found;
  const problem = found ? `not delivered by ${engine}` : `${isService ? 'no delivery' : 'not a GrpcMeshService'}, so not delivered by ${engine}`;
  return new Reporter(service.node.path).fail('delivery', found?.constructor.name, problem, fix);
}
