import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Verdict } from '../../../core/api/wire';
import type { ManifestEntry } from '../../../core/iceberg/model';
import { planFiles } from '../../metadata/planFiles';
import { MetadataCache, readTableMetadata } from '../../metadata/reader';
import { FixtureStorage, latestMetadataLocation } from '../../metadata/__tests__/fixtureStorage';
import { Lakehouse, type OpenTable } from '../../tables/lakehouse';
import { verifyOpenTable } from '../../tables/verifyOpenTable';
import { compareViews } from './compareViews';
import type { LiveFilePlanner } from '../../verifier/verifier';
import { buildViews } from '../../verifier/views';
import { decideRepair, type Decision } from '../decide';
import { repairLakehouseEnv, type RepairLakehouse } from './lakehouse';

let root: string;
let lake: RepairLakehouse;
let lakehouse: Lakehouse;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-repair-'));
  const built = repairLakehouseEnv(root);
  lake = built.lake;
  lakehouse = Lakehouse.load({ env: built.env, cwd: root });
}, 180_000);

afterAll(async () => {
  await lakehouse.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

function plannerOf(table: OpenTable, cache: MetadataCache): LiveFilePlanner {
  return async (metadata, snapshotId, options) => {
    const plan = await planFiles(table.storage, metadata, { ...options, snapshotId, cache });
    return [...plan.dataFiles, ...plan.deleteFiles];
  };
}

async function decide(name: string, options: { keepHistory?: boolean; snapshot?: string } = {}): Promise<{ decision: Decision; verdict: Verdict }> {
  const table = await lakehouse.open(`lake.sci.${name}`);
  const cache = new MetadataCache();
  const { verdict, liveFiles } = await verifyOpenTable(table, { cache, snapshot: options.snapshot });
  const decision = await decideRepair({
    metadata: table.metadata,
    verdict,
    live: liveFiles,
    planFiles: plannerOf(table, cache),
    keepHistory: options.keepHistory ?? false
  });
  return { decision, verdict };
}

const facts = (name: string) => lake.tables[name] as { snapshots: string[] } & Record<string, string[] | string>;
const ids = (...values: string[]) => values.map(BigInt);
const sorted = (paths: string[]) => [...paths].sort();

describe('decideRepair', () => {
  describe('on tables written by pyiceberg', () => {
    it('should plan nothing for a consistent table', async () => {
      const { decision, verdict } = await decide('clean');
      expect(verdict.status).toBe('consistent');
      expect(decision).toEqual({ steps: [], unrepairable: [], copyOnWrite: false });
    });

    it('should expire exactly the snapshot holding overwritten files, then remove them and the orphan', async () => {
      const { decision } = await decide('overwritten');
      const { snapshots, replaced, orphan } = facts('overwritten');
      expect(decision.unrepairable).toEqual([]);
      expect(decision.steps.map(s => s.action.kind)).toEqual(['expire', 'remove-files']);
      const [expire, remove] = decision.steps.map(s => s.action);
      expect(expire.kind === 'expire' && expire.snapshotIds).toEqual(ids(snapshots[0]));
      expect(sorted(expire.files.map(f => f.path))).toEqual(sorted(replaced as string[]));
      expect(sorted(remove.files.map(f => f.path))).toEqual(sorted([...(replaced as string[]), orphan as string]));
      expect(remove.files.every(f => f.path === orphan || f.bytes > 0)).toBe(true);
      expect(decision.steps.map(s => s.findings)).toEqual([['stale-file'], ['stale-file']]);
      expect(decision.steps[0].why).toContain(`Snapshot ${snapshots[0]} still references leftovers Dask reads (2 files in the data root).`);
      expect(decision.steps[0].why).toContain(
        'Expiring exactly this snapshot lets Spark delete the files no retained snapshot references; time travel to it is lost.'
      );
    });

    it('should keep history with --keep-history: only the orphan is removed, the rest is unrepairable', async () => {
      const { decision } = await decide('overwritten', { keepHistory: true });
      const { replaced, orphan } = facts('overwritten');
      expect(decision.steps.map(s => s.action)).toEqual([{ kind: 'remove-files', files: [{ path: orphan, bytes: 0 }] }]);
      expect(decision.unrepairable).toHaveLength(1);
      expect(sorted(decision.unrepairable[0].paths)).toEqual(sorted((replaced as string[]).map(p => p.replace('file://', ''))));
      expect(decision.unrepairable[0].reason).toBe(
        `Snapshot ${facts('overwritten').snapshots[0]} still references this leftover, and --keep-history keeps it: the file stays where Dask reads it.`
      );
      expect(decision.unrepairable[0].alternative).toContain('snapshot-pinned Dask read');
    });

    it('should never expire a tag’s head: the leftover it holds is unrepairable, naming the tag', async () => {
      const { decision } = await decide('tagged');
      expect(decision.steps).toEqual([]);
      expect(decision.unrepairable).toEqual([
        {
          findings: ['stale-file'],
          paths: (facts('tagged').held as string[]).map(p => p.replace('file://', '')),
          reason: 'Dask reads this leftover, and tag published still holds it: the head of a branch or tag is never expired.',
          alternative: expect.stringContaining('re-run the plan after the branch is dropped or fast-forwarded, or the tag is removed')
        }
      ]);
    });

    it('should rewrite exactly the partition of a misplaced file, then expire every snapshot holding a replaced file and remove them', async () => {
      const { decision } = await decide('misplaced');
      const { snapshots, misplaced } = facts('misplaced');
      const eu = (facts('misplaced').live as string[]).filter(p => p.includes('region=EU/') || p === misplaced);
      expect(decision.steps.map(s => s.action.kind)).toEqual(['rewrite', 'expire', 'remove-files']);
      const [rewrite, expire, remove] = decision.steps.map(s => s.action);
      expect(rewrite).toMatchObject({ kind: 'rewrite', where: "region = 'EU'", partitions: ['region=EU'] });
      expect(sorted(rewrite.files.map(f => f.path))).toEqual(sorted(eu));
      // The pre-rewrite current snapshot is expired too: main moves on, it is no longer a head.
      expect(expire.kind === 'expire' && sorted(expire.snapshotIds.map(String))).toEqual(sorted(snapshots));
      expect(sorted(remove.files.map(f => f.path))).toEqual(sorted(eu));
      expect(decision.steps.map(s => s.findings)).toEqual([['partition-mismatch'], ['partition-mismatch'], ['partition-mismatch']]);
    });

    it('should refuse a value Dask decodes differently, with the pinned read as the alternative', async () => {
      const { decision } = await decide('spaced');
      expect(decision.steps).toEqual([]);
      expect(decision.unrepairable).toHaveLength(1);
      expect(decision.unrepairable[0].findings).toEqual(['partition-mismatch']);
      expect(decision.unrepairable[0].paths).toEqual([`${root}/warehouse/sci/spaced/data/region=a+b`]);
      expect(decision.unrepairable[0].reason).toContain('a space is written "+"');
    });

    it('should rewrite only the partitions of files written before a rename', async () => {
      const { decision } = await decide('renamed');
      const [rewrite] = decision.steps.map(s => s.action);
      expect(rewrite).toMatchObject({ kind: 'rewrite', where: "(region = 'EU') OR (region = 'US')", partitions: ['region=EU', 'region=US'] });
      expect(sorted(rewrite.files.map(f => f.path))).toEqual(sorted(facts('renamed').before as string[]));
      expect(decision.steps[0].findings).toEqual(['schema-drift']);
    });

    it('should rewrite the partitions of files written before an int column became long', async () => {
      const { decision } = await decide('promoted');
      const [rewrite] = decision.steps.map(s => s.action);
      expect(rewrite).toMatchObject({ kind: 'rewrite', where: "(region = 'EU') OR (region = 'US')", partitions: ['region=EU', 'region=US'] });
      expect(sorted(rewrite.files.map(f => f.path))).toEqual(sorted(facts('promoted').before as string[]));
    });

    it('should not repair toward a snapshot that is not main’s head', async () => {
      const { snapshots } = facts('overwritten');
      const { decision, verdict } = await decide('overwritten', { snapshot: snapshots[0] });
      expect(verdict.status).toBe('drift');
      expect(decision.steps).toEqual([]);
      expect(decision.unrepairable).toHaveLength(1);
      expect(decision.unrepairable[0].reason).toBe(
        `The plan is for snapshot ${snapshots[0]}, which is not the table's current snapshot: repairs commit to the main branch, and no change to main makes Dask's view equal an older snapshot or another branch.`
      );
    });
  });

  describe('on merge-on-read deletes written by Spark', () => {
    /** The verdict as if Dask listed exactly the live files (the fixtures keep metadata only). */
    async function fixtureDecision(fixture: string): Promise<Decision> {
      const storage = new FixtureStorage();
      const metadata = await readTableMetadata(storage, await latestMetadataLocation(fixture));
      const planner: LiveFilePlanner = async (m, snapshotId) => {
        const plan = await planFiles(storage, m, { snapshotId });
        return [...plan.dataFiles, ...plan.deleteFiles];
      };
      const live: ManifestEntry[] = await planner(metadata, metadata.currentSnapshotId!, {});
      const dataRoot = `${metadata.location}/data`;
      const listing = live.filter(e => e.dataFile.content === 'data').map(e => ({ path: e.dataFile.filePath, size: e.dataFile.fileSizeInBytes }));
      const views = buildViews({ metadata, snapshotId: metadata.currentSnapshotId!, dataRoot, live, listing });
      const verdict: Verdict = { table: fixture, snapshot: metadata.currentSnapshotId!, ...compareViews(metadata, views, new Map()) };
      return decideRepair({ metadata, verdict, live, planFiles: planner, keepHistory: false });
    }

    it.each([
      ['spark_v2_mor', 'merge-on-read-delete'],
      ['spark_v3_dv', 'deletion-vector']
    ])('should rewrite the partitions %s deletes apply to and advise copy-on-write', async fixture => {
      const decision = await fixtureDecision(fixture);
      expect(decision.copyOnWrite).toBe(true);
      const [rewrite] = decision.steps.map(s => s.action);
      expect(rewrite).toMatchObject({
        kind: 'rewrite',
        where:
          "(region = 'EU' AND obs_time >= TIMESTAMP '2024-01-02T00:00:00+00:00' AND obs_time < TIMESTAMP '2024-01-03T00:00:00+00:00') OR " +
          "(region = 'US west' AND obs_time >= TIMESTAMP '2024-01-03T00:00:00+00:00' AND obs_time < TIMESTAMP '2024-01-04T00:00:00+00:00')",
        partitions: ['region=EU/obs_time_day=2024-01-02', 'region=US+west/obs_time_day=2024-01-03']
      });
      expect(sorted(rewrite.files.map(f => f.path.split('/data/')[1].split('/').slice(0, 2).join('/')))).toEqual([
        'region=EU/obs_time_day=2024-01-02',
        'region=US+west/obs_time_day=2024-01-03',
        'region=US+west/obs_time_day=2024-01-03'
      ]);
      expect(decision.steps.map(s => s.action.kind)).toEqual(['rewrite', 'expire', 'remove-files']);
    });
  });
});
