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
export const OPTION_KEYS: { [K in keyof IstioOptions]-?: K } = {
  trustDomain: 'trustDomain', clusterDomain: 'clusterDomain', accessLogProvider: 'accessLogProvider',
};
