import { Chart, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { GrpcMeshError, GrpcMeshService, GrpcMeshServiceProps } from '../../src';
import { ISTIO, LINKERD, LINKERD_LEGACY, MeshFeatures, validProps } from './arbitraries';
import { MUTATIONS } from './mutations';
import { expectValidManifests } from '../support/validate';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 100);
const MESHES: [string, MeshFeatures][] = [['istio', ISTIO], ['linkerd', LINKERD], ['linkerd legacy', LINKERD_LEGACY]];

function synthYaml(props: GrpcMeshServiceProps, validate = false): string {
  const app = Testing.app();
  const chart = new Chart(app, 'c');
  new GrpcMeshService(chart, 'svc', props);
  if (validate) expectValidManifests(Testing.synth(chart));
  return app.synthYaml();
}

describe.each(MESHES)('property tests on %s', (_mesh, features) => {
  test('random valid props synthesize, lint without errors, validate, and give identical bytes twice', () => {
    fc.assert(fc.property(validProps(features), (props) => {
      const first = synthYaml(props, true);
      expect(synthYaml(props)).toBe(first);
    }), { numRuns: RUNS });
  });

  test('random invalid props give an error that names the prop, never a crash', () => {
    fc.assert(fc.property(validProps(features), fc.constantFrom(...MUTATIONS), (props, mutation) => {
      let error: unknown;
      try {
        synthYaml(mutation.apply(props));
      } catch (e) {
        error = e;
      }
      const prop = typeof mutation.prop === 'string' ? mutation.prop : mutation.prop(props);
      expect(error).toBeInstanceOf(GrpcMeshError);
      expect((error as GrpcMeshError).prop).toBe(prop);
      expect((error as Error).message).toContain(`invalid ${prop} `);
    }), { numRuns: RUNS });
  });
});
