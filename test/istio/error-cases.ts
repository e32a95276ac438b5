import { Mesh } from '../../src';

/** Bad options of `Mesh.istio()`, rejected by the factory, and the exact message each gets. */
export const ISTIO_OPTION_CASES: [string, () => unknown, string][] = [
  ['an Istio trust domain that is empty', () => Mesh.istio({ trustDomain: '' }),
    'Mesh.istio: invalid trustDomain "": not a DNS-1123 subdomain; use lowercase letters, digits, "-" and ".", at most 253 characters'],
  ['a mistyped Istio option', () => Mesh.istio({ trustDomian: 'corp.example' } as any),
    'Mesh.istio: invalid trustDomian "corp.example": not an Istio option; did you mean "trustDomain"?'],
  ['Istio options that are not an object', () => Mesh.istio(7 as any),
    'Mesh.istio: invalid options 7: not an object; pass Mesh.istio({ trustDomain?, clusterDomain?, accessLogProvider? })'],
  ['Istio options that are null', () => Mesh.istio(null as any),
    'Mesh.istio: invalid options null: not an object; pass Mesh.istio({ trustDomain?, clusterDomain?, accessLogProvider? })'],
  ['an Istio access-log provider that is empty', () => Mesh.istio({ accessLogProvider: ' ' }),
    'Mesh.istio: invalid accessLogProvider " ": must be a non-empty string; name an Istio extension provider, e.g. "envoy"'],
];
