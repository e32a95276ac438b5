import * as fs from 'fs';
import * as path from 'path';

// The generated imports leave open the schema subtrees the library never sets through typed props
// (scripts/crd-sources.js IMPORT_OPEN); the derived validation schemas keep the full CRDs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sources = require('../../scripts/crd-sources') as {
  SHARED: string;
  WANTED: { group: string; kind: string }[];
  loadCrds: (wanted?: unknown[]) => any[];
  openForImport: (crd: any) => any;
};
const haveShared = fs.existsSync(path.join(sources.SHARED, 'crds'));
const argo = () => sources.loadCrds(sources.WANTED.filter((w) => w.group === 'argoproj.io'));
const schemaOf = (crd: any) => crd.spec.versions[0].schema.openAPIV3Schema;

(haveShared ? describe : describe.skip)('import trimming', () => {
  test('the Rollout pod template and the non-Prometheus analysis providers are open in the import only', () => {
    const [rollout, template] = argo();
    const open = { rollout: schemaOf(sources.openForImport(rollout)), template: schemaOf(sources.openForImport(template)) };
    expect(open.rollout.properties.spec.properties.template).toMatchObject({ 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true });
    expect(open.rollout.properties.spec.properties.template.properties).toBeUndefined();
    const provider = open.template.properties.spec.properties.metrics.items.properties.provider.properties;
    expect(provider.job.properties).toBeUndefined();
    expect(provider.prometheus.properties.query).toEqual({ type: 'string' });
    // Still typed where src/delivery sets it.
    expect(open.rollout.properties.spec.properties.strategy.properties.canary.properties.trafficRouting.properties.istio.properties).toBeDefined();
    // The loaded CRD itself is left whole.
    expect(schemaOf(rollout).properties.spec.properties.template.properties.spec.properties.containers).toBeDefined();
  });

  test('the derived validation schema keeps the full pod template', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const derived = require('../../schemas/crds.json');
    const spec = JSON.stringify(derived.kinds['argoproj.io/v1alpha1/Rollout'].schema);
    expect(spec).toContain('"containers"');
    expect(spec).toContain('"ephemeralContainers"');
    expect(JSON.stringify(derived.kinds['argoproj.io/v1alpha1/AnalysisTemplate'].schema)).toContain('"backoffLimit"');
  });

  test('the generated imports carry no pod or job template types', () => {
    const generated = fs.readFileSync(path.join(__dirname, '..', '..', 'imports', 'argoproj.io.ts'), 'utf8');
    expect(generated).not.toMatch(/RolloutSpecTemplateSpec/);
    expect(generated).not.toMatch(/ProviderJobSpecTemplate/);
  });
});
