import * as fs from 'fs';
import * as path from 'path';

// The committed schemas/ must be what scripts/derive-schemas.js makes from the pinned CRDs
// (e.g. after a kind is added to WANTED in scripts/crd-sources.js). Needs ../shared beside the repo.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SHARED } = require('../../scripts/crd-sources') as { SHARED: string };
const haveShared = fs.existsSync(path.join(SHARED, 'crds'));

(haveShared ? test : test.skip)('schemas/ is up to date with the pinned CRDs (else: npm run derive-schemas)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { staleSchemaFiles } = require('../../scripts/derive-schemas') as { staleSchemaFiles: () => string[] };
  expect(staleSchemaFiles()).toEqual([]);
}, 60_000);
