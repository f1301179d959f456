import type { Verdict } from '../../../core/api/wire';
import { planFiles } from '../../metadata/planFiles';
import { readTableMetadata } from '../../metadata/reader';
import { FixtureStorage, latestMetadataLocation } from '../../metadata/__tests__/fixtureStorage';
import { compareViews } from './compareViews';
import type { LiveFilePlanner } from '../../verifier/verifier';
import { buildViews } from '../../verifier/views';
import { errorPlan, needsRepair, planRepair } from '../plan';
import { renderPlans } from '../planText';

const storage = new FixtureStorage();
const planner: LiveFilePlanner = async (metadata, snapshotId) => {
  const plan = await planFiles(storage, metadata, { snapshotId });
  return [...plan.dataFiles, ...plan.deleteFiles];
};

/** Spark's merge-on-read table (write.delete.mode and write.update.mode merge-on-read), as if Dask listed its live data files. */
async function morPlan(dryRun: boolean) {
  const metadata = await readTableMetadata(storage, await latestMetadataLocation('spark_v2_mor'));
  const live = await planner(metadata, metadata.currentSnapshotId!, {});
  const listing = live.filter(e => e.dataFile.content === 'data').map(e => ({ path: e.dataFile.filePath, size: e.dataFile.fileSizeInBytes }));
  const views = buildViews({ metadata, snapshotId: metadata.currentSnapshotId!, dataRoot: `${metadata.location}/data`, live, listing });
  const verdict: Verdict = { table: 'spark.db.mor', snapshot: metadata.currentSnapshotId!, ...compareViews(metadata, views, new Map()) };
  const planned = await planRepair({
    table: { catalog: 'spark', namespace: ['db'], name: 'mor' },
    metadata,
    verdict,
    live,
    planFiles: planner,
    keepHistory: false,
    dryRun,
    catalogProfile: { name: 'spark', kind: 'hadoop', warehouse: '/tmp/dual-layout-golden/spark', storage: { kind: 'local' } }
  });
  return { ...planned, live };
}

describe('planRepair', () => {
  it('should advise copy-on-write for the modes still writing delete files, as one ALTER TABLE', async () => {
    const { plan } = await morPlan(false);
    expect(plan.advice).toEqual([
      "Deletes, updates and merges write delete files Dask cannot apply; switch them to copy-on-write so they do not come back: ALTER TABLE spark.db.mor SET TBLPROPERTIES ('write.delete.mode'='copy-on-write', 'write.update.mode'='copy-on-write', 'write.merge.mode'='copy-on-write')"
    ]);
  });

  it('should put every step’s code in the script, with the planned snapshot and the dry-run switch', async () => {
    const { plan, scriptInput, live } = await morPlan(true);
    // All three snapshots hold the replaced files: the current one too, since the rewrite moves main on.
    expect(plan.steps.map(s => s.title)).toEqual(['Rewrite 2 partitions', 'Expire 3 snapshots', 'Remove 5 files nothing references']);
    expect(plan.steps[1].expiresSnapshots).toEqual([6186249148218168481n, 381431465151497843n, 2934236864081356592n]);
    plan.steps.forEach(step => expect(plan.script).toContain(step.code));
    expect(plan.script).toContain('DRY_RUN = True');
    // The standalone script builds its session first, then runs the same steps.
    expect(plan.standaloneScript.indexOf('SparkSession')).toBeLessThan(plan.standaloneScript.indexOf('_dl_rewrite(\n'));
    expect(plan.standaloneScript).toContain('name="spark.db.mor"');
    expect(scriptInput?.snapshot).toBe(plan.snapshot);
    expect(plan.assumptions[1]).toBe(
      `No other writer commits to the table while the script runs: it refuses to start when the table's current snapshot is not ${plan.snapshot}, the one this plan was made for.`
    );
    const sizes = new Map(live.map(e => [e.dataFile.filePath, e.dataFile.fileSizeInBytes]));
    expect(plan.steps[0].rewriteBytes).toBe(plan.steps[0].files.reduce((sum, file) => sum + sizes.get(file)!, 0));
    expect(plan.steps.slice(1).map(s => s.rewriteBytes)).toEqual([0, 0]);
  });

  it('should explain the plan in plain words', async () => {
    const { plan } = await morPlan(true);
    const text = renderPlans([plan]);
    expect(text).toContain(
      `spark.db.mor (snapshot ${plan.snapshot}): drift; the steps below make Dask read Iceberg\u2019s rows again (dry run: the script changes nothing).`
    );
    expect(text).toContain('  1. Rewrite 2 partitions');
    expect(text).toContain('     Partitions: region=EU/obs_time_day=2024-01-02, region=US+west/obs_time_day=2024-01-03');
    expect(text).toContain('  Advice:');
  });
});

describe('errorPlan', () => {
  it('should give a table that could not be planned no steps and no script, and need no repair', () => {
    const plan = errorPlan('lake.sci.t', 'lake.sci.t: cannot read metadata', false);
    expect(plan).toEqual({
      table: 'lake.sci.t',
      status: 'error',
      snapshot: null,
      repairable: false,
      steps: [],
      unrepairable: [],
      advice: [],
      script: '',
      standaloneScript: '',
      assumptions: [],
      dryRun: false,
      error: 'lake.sci.t: cannot read metadata'
    });
    expect(needsRepair(plan)).toBe(false);
  });
});
