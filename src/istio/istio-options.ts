import { Reporter } from '../errors';
import { dnsSubdomain, nonEmptyString, object } from '../model/checks';
import { knownKeys } from '../model/suggest';

/** Options for rendering on Istio. */
export interface IstioOptions {
  /**
   * The mesh trust domain, used in the principals of authorization rules.
   *
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;

  /**
   * The cluster DNS domain, used in the service's host name.
   *
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;

  /**
   * The access-log provider (an Istio extension provider name) used when access logging is on.
   *
   * @default 'envoy'
   */
  readonly accessLogProvider?: string;
}

// The keys of the options, typed so that a new option cannot be left out.
const OPTION_KEYS: { [K in keyof IstioOptions]-?: K } = {
  trustDomain: 'trustDomain', clusterDomain: 'clusterDomain', accessLogProvider: 'accessLogProvider',
};

/**
 * Checks the options when `Mesh.istio()` makes the provider: errors name the factory
 * (`Mesh.istio: invalid trustDomain ...`).
 */
export function checkIstioOptions(options: unknown, resolved: Required<IstioOptions>): void {
  const r = new Reporter('Mesh.istio');
  object(r, 'options', options, 'pass Mesh.istio({ trustDomain?, clusterDomain?, accessLogProvider? })');
  knownKeys(r, '', options as object, Object.values(OPTION_KEYS), 'an Istio option', 'the options are');
  dnsSubdomain(r, 'trustDomain', resolved.trustDomain);
  dnsSubdomain(r, 'clusterDomain', resolved.clusterDomain);
  nonEmptyString(r, 'accessLogProvider', resolved.accessLogProvider, 'name an Istio extension provider, e.g. "envoy"');
}
