import { Duration } from 'cdk8s';
import { LinkerdMode, LinkerdOptions, Mesh } from '../../src';
import { errorOf, synthService } from '../support/service';
import { Case } from './error-cases';
import { legacyProps, linkerdProps, synthValid } from './helpers';

// Options of Mesh.linkerd() that are null, of the wrong type or unknown: each is an error naming the
// prop, never a TypeError nor an option silently ignored. (Not in error-cases.ts, whose cases are the
// bad-input catalogue, docs/errors.md.)
const withOutlier = (options: LinkerdOptions) => linkerdProps({ outlierDetection: { consecutive5xxErrors: 3 } }, options);

const LINKERD_OPTION_CASES: Case[] = [
  ['a null retry budget in SERVICE_PROFILE mode', () => linkerdProps({}, { retryBudget: null as any, mode: LinkerdMode.SERVICE_PROFILE }),
    'Mesh.linkerd: invalid retryBudget null: not an object; pass { retryRatio?, minRetriesPerSecond?, ttl? }, or remove retryBudget for the default budget'],
  ['a null retry budget in GATEWAY_API mode', () => linkerdProps({}, { retryBudget: null as any }),
    'Mesh.linkerd: invalid retryBudget null: not an object; pass { retryRatio?, minRetriesPerSecond?, ttl? }, or remove retryBudget for the default budget'],
  ['a retry budget that is a string', () => legacyProps({}, { retryBudget: 'x' as any }),
    'Mesh.linkerd: invalid retryBudget "x": not an object; pass { retryRatio?, minRetriesPerSecond?, ttl? }, or remove retryBudget for the default budget'],
  ['a retry budget that is a list', () => legacyProps({}, { retryBudget: [] as any }),
    'Mesh.linkerd: invalid retryBudget []: not an object; pass { retryRatio?, minRetriesPerSecond?, ttl? }, or remove retryBudget for the default budget'],
  ['a null failure accrual', () => withOutlier({ failureAccrual: null as any }),
    'Mesh.linkerd: invalid failureAccrual null: not an object; pass { maxPenalty?, jitterRatio? }, or remove failureAccrual for Linkerd\'s defaults'],
  ['a failure accrual that is a number', () => withOutlier({ failureAccrual: 5 as any }),
    'Mesh.linkerd: invalid failureAccrual 5: not an object; pass { maxPenalty?, jitterRatio? }, or remove failureAccrual for Linkerd\'s defaults'],
  ['a mistyped option', () => withOutlier({ failureAcrual: { maxPenalty: Duration.minutes(1) } } as any),
    'Mesh.linkerd: invalid failureAcrual {"maxPenalty":"1 minute"}: not a Linkerd option; did you mean "failureAccrual"?'],
  ['an unknown option', () => linkerdProps({}, { trustDomain: 'corp.local' } as any),
    'Mesh.linkerd: invalid trustDomain "corp.local": not a Linkerd option; remove it (the options are release, grpcRouteVersion, split, mode, clusterDomain, retryBudget, failureAccrual and probeNetworks)'],
  ['a mistyped retry budget option', () => legacyProps({}, { retryBudget: { retryRatoi: 0.1 } as any }),
    'Mesh.linkerd: invalid retryBudget.retryRatoi 0.1: not a retry budget option; did you mean "retryRatio"?'],
  ['an unknown retry budget option', () => legacyProps({}, { retryBudget: { maxRetries: 3 } as any }),
    'Mesh.linkerd: invalid retryBudget.maxRetries 3: not a retry budget option; remove it (the retry budget options are retryRatio, minRetriesPerSecond and ttl)'],
  ['an unknown failure accrual option', () => withOutlier({ failureAccrual: { maxFailures: 3 } as any }),
    'Mesh.linkerd: invalid failureAccrual.maxFailures 3: not a failure accrual option; remove it (the failure accrual options are maxPenalty and jitterRatio)'],
  ['a null mode (not the default)', () => linkerdProps({}, { mode: null as any }),
    'Mesh.linkerd: invalid mode null: unknown Linkerd mode; use LinkerdMode.GATEWAY_API or LinkerdMode.SERVICE_PROFILE'],
  ['a null cluster domain (not the default)', () => legacyProps({}, { clusterDomain: null as any }),
    'Mesh.linkerd: invalid clusterDomain null: not a DNS domain; use the cluster\'s DNS domain, e.g. "cluster.local"'],
  ['null probe networks (not the default)', () => linkerdProps({}, { probeNetworks: null as any }),
    'Mesh.linkerd: invalid probeNetworks null: no networks; list the CIDRs the kubelet probes come from, e.g. the node network'],
  ['options that are a number', () => linkerdProps({ mesh: Mesh.linkerd(5 as any) }),
    'Mesh.linkerd: invalid options 5: not an object; pass Mesh.linkerd({ release?, grpcRouteVersion?, split?, mode?, clusterDomain?, retryBudget?, failureAccrual?, probeNetworks? })'],
  ['options that are a string', () => linkerdProps({ mesh: Mesh.linkerd('SERVICE_PROFILE' as any) }),
    'Mesh.linkerd: invalid options "SERVICE_PROFILE": not an object; pass Mesh.linkerd({ release?, grpcRouteVersion?, split?, mode?, clusterDomain?, retryBudget?, failureAccrual?, probeNetworks? })'],
];

describe('Linkerd options that are null, of the wrong type or unknown', () => {
  test.each(LINKERD_OPTION_CASES)('%s', (_name, props, message) => {
    expect(errorOf(() => synthService(props()))).toBe(message);
  });

  test('Mesh.linkerd() and Mesh.linkerd({}) take the defaults; Mesh.linkerd(null) is rejected, as Mesh.istio(null)', () => {
    expect(synthValid(linkerdProps({ mesh: Mesh.linkerd() }))).toEqual(synthValid(linkerdProps({ mesh: Mesh.linkerd({}) })));
    expect(errorOf(() => Mesh.linkerd(null as any))).toMatch(/^Mesh\.linkerd: invalid options null: not an object; /);
    expect(errorOf(() => Mesh.istio(null as any))).toMatch(/^Mesh\.istio: invalid options null: not an object; /);
  });

  test('options set to undefined are the defaults, not unknown keys', () => {
    expect(() => synthValid(legacyProps({}, { retryBudget: { retryRatio: undefined, ttl: undefined }, clusterDomain: undefined }))).not.toThrow();
  });
});
