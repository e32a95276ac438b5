import * as fs from 'fs';
import * as path from 'path';
import { App, AppProps, Chart, YamlOutputType } from 'cdk8s';
import { Reporter } from './errors';

// cdk8s renders a chart through Chart.toJson(), which validates and resolves the whole app, so an
// app of N charts costs N whole-app passes: quadratic in the charts. Synthesizing the charts in
// batches of independent apps makes every pass cover one batch: linear, and only one batch is in
// memory at a time. The files are those one app would write.

/** Props of {@link synthInBatches} and {@link synthYamlInBatches}. */
export interface BatchSynthesisProps {
  /**
   * The keys of the app's parts (a service name, say), in output order: `define` adds the
   * charts of one key.
   */
  readonly keys: string[];

  /**
   * Adds the charts of one key to an app. The charts of a key may depend on each other, not on
   * the charts of other keys.
   */
  readonly define: (app: App, key: string) => void;

  /**
   * How many keys share an app. Larger batches cost more per chart (each chart's rendering
   * validates its whole batch); smaller ones start more apps, which costs little: from 1 to 25
   * keys per app the time per service is about the same, at 100 it is half as much again.
   *
   * @default 20
   */
  readonly batchSize?: number;

  /**
   * The props of every batch's App (outdir, YAML output type, resolvers, ...). The output type
   * cannot be `FILE_PER_APP`: each batch would overwrite the app's one file.
   *
   * @default - the cdk8s defaults (FILE_PER_CHART into `dist`)
   */
  readonly appProps?: AppProps;
}

/** What a batch synthesis did. */
export interface BatchSynthesisResult {
  /** The apps synthesized. */
  readonly batches: number;
  /** The charts synthesized. */
  readonly charts: number;
}

/**
 * Synthesizes an app in batches, as `app.synth()` would write it (same files, same bytes, the
 * construct metadata of `cdk8s synth` included), at a cost linear in the charts. For apps of
 * thousands of charts (see docs/performance.md).
 */
export function synthInBatches(props: BatchSynthesisProps): BatchSynthesisResult {
  const appProps = props.appProps ?? {};
  const r = new Reporter('synthInBatches');
  if ((appProps.yamlOutputType ?? YamlOutputType.FILE_PER_CHART) === YamlOutputType.FILE_PER_APP) {
    r.fail('appProps.yamlOutputType', 'FILE_PER_APP', 'every batch would overwrite the one app file',
      'use YamlOutputType.FILE_PER_CHART (the default), or synthesize the app in one piece');
  }
  // As cdk8s decides it (App's recordConstructMetadata is private); `cdk8s synth` sets the variable
  // when validation plugins are configured.
  const recordMetadata = appProps.recordConstructMetadata ?? process.env.CDK8S_RECORD_CONSTRUCT_METADATA === 'true';
  let charts = 0;
  let metadata: { version: string; resources: { [name: string]: unknown } } | undefined;
  const batches = forEachBatch(props, (app) => {
    app.synth();
    charts += app.charts.length;
    if (!recordMetadata) return;
    const file = path.join(app.outdir, 'construct-metadata.json');
    const written = JSON.parse(fs.readFileSync(file, 'utf8'));
    metadata = metadata === undefined ? written : { ...written, resources: Object.assign(metadata.resources, written.resources) };
    // Written as cdk8s writes it, with the resources of every batch so far.
    fs.writeFileSync(file, JSON.stringify(metadata));
  });
  return { batches, charts };
}

/** Synthesizes an app in batches into one YAML string, the same as `app.synthYaml()` returns. */
export function synthYamlInBatches(props: BatchSynthesisProps): string {
  const parts: string[] = [];
  forEachBatch(props, (app) => {
    const yaml = app.synthYaml();
    if (yaml !== '') parts.push(yaml);
  });
  return parts.join('---\n');
}

function forEachBatch(props: BatchSynthesisProps, synth: (app: App) => void): number {
  const r = new Reporter('synthInBatches');
  const size = props.batchSize ?? 20;
  if (!Number.isInteger(size) || size < 1) r.fail('batchSize', size, 'not a positive integer', 'use a whole number of keys per app, e.g. 20');
  if (!Array.isArray(props.keys)) r.fail('keys', props.keys, 'not an array', 'list the keys, e.g. the service names');
  const duplicate = props.keys.find((k, i) => props.keys.indexOf(k) !== i);
  if (duplicate !== undefined) r.fail('keys', duplicate, 'listed twice', 'list every key once');
  let batches = 0;
  for (let start = 0; start < props.keys.length; start += size) {
    const app = new App(props.appProps);
    for (const key of props.keys.slice(start, start + size)) props.define(app, key);
    rejectDependantCharts(app, r);
    synth(app);
    batches++;
  }
  return batches;
}

/**
 * Charts that depend on other charts are numbered by cdk8s in its file names, counting over the
 * whole app: a batch cannot number them as the app would.
 */
function rejectDependantCharts(app: App, r: Reporter): void {
  for (const chart of app.node.findAll()) {
    if (!(chart instanceof Chart)) continue;
    const nested = chart.node.children.some((c) => c instanceof Chart);
    const dependant = chart.node.findAll().some((c) => c.node.dependencies.some((d) => Chart.of(d) !== chart));
    if (nested || dependant) {
      r.fail('define', chart.node.path, 'a chart depends on or nests another chart, so cdk8s numbers the file names across the whole app',
        'synthesize such apps in one piece (app.synth()), or keep the charts of a batch independent');
    }
  }
}
