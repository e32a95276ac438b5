import { ServiceModel, VersionModel } from '../model/model';

/** The labels that select every pod of the service. */
export function serviceSelector(model: ServiceModel): { [key: string]: string } {
  return { app: model.name };
}

/** The labels that select the pods of one version. */
export function versionSelector(model: ServiceModel, version: VersionModel): { [key: string]: string } {
  return { app: model.name, version: version.name };
}
