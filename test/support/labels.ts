// The labels the library selects on, written out so that a test fails if a key changes.

/** The selector of every pod of service `name`. */
export function selectorOf(name: string): { [key: string]: string } {
  return {
    'app.kubernetes.io/name': name,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': 'cdk8s-grpc-mesh',
  };
}

/** The selector of the pods of one version of service `name`. */
export function versionSelectorOf(name: string, version: string): { [key: string]: string } {
  return { ...selectorOf(name), 'app.kubernetes.io/version': version };
}

/** The labels of every object of service `name`. */
export function labelsOf(name: string): { [key: string]: string } {
  return { app: name, ...selectorOf(name) };
}
