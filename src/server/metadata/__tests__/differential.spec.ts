/**
 * Differential test against real pyiceberg: a table built at test time through
 * appends, spec evolution, an overwrite, a delete and a schema change; for
 * every snapshot the engine's live files must equal pyiceberg's
 * `inspect.files()`. Reads go through the real LocalStorage.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LocalStorage } from '../../storage/local';
import { planFiles } from '../planFiles';
import { MetadataCache, readTableMetadata } from '../reader';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const PYTHON = process.env.DUAL_LAYOUT_PYTHON ?? path.join(REPO, '.venv', 'bin', 'python');

interface PyicebergListing {
  metadataLocation: string;
  snapshots: { snapshotId: string; files: { content: string; filePath: string; specId: number }[] }[];
}

// Without the project's virtualenv (`make venv`) there is no pyiceberg to compare with.
const describeWithPython = fs.existsSync(PYTHON) ? describe : describe.skip;

describeWithPython('planFiles versus pyiceberg inspect.files()', () => {
  let warehouse: string;
  let listing: PyicebergListing;

  beforeAll(() => {
    warehouse = fs.mkdtempSync(path.join(os.tmpdir(), 'dual-layout-diff-'));
    const output = execFileSync(PYTHON, [path.join(REPO, 'tests', 'golden', 'differential_table.py'), warehouse], {
      encoding: 'utf8',
      timeout: 120_000
    });
    listing = JSON.parse(output);
  }, 150_000);

  afterAll(() => {
    fs.rmSync(warehouse, { recursive: true, force: true });
  });

  it('should list the same live files for every snapshot', async () => {
    const storage = new LocalStorage({ roots: [warehouse] });
    const cache = new MetadataCache();
    const metadata = await readTableMetadata(storage, listing.metadataLocation, cache);
    expect(listing.snapshots.length).toBeGreaterThanOrEqual(6);
    expect(new Set(metadata.partitionSpecs.map(s => s.specId))).toEqual(new Set([0, 1]));
    for (const expected of listing.snapshots) {
      const plan = await planFiles(storage, metadata, { snapshotId: BigInt(expected.snapshotId), cache });
      const ours = [...plan.dataFiles, ...plan.deleteFiles]
        .map(e => ({ content: e.dataFile.content, filePath: e.dataFile.filePath, specId: e.dataFile.specId }))
        .sort((a, b) => a.filePath.localeCompare(b.filePath));
      expect({ snapshot: expected.snapshotId, files: ours }).toEqual({
        snapshot: expected.snapshotId,
        files: [...expected.files].sort((a, b) => a.filePath.localeCompare(b.filePath))
      });
    }
  });
});
