/**
 * Full check, then a re-check after one small append, in one helper process
 * sharing one metadata cache and one comparison memo (as the helper's server
 * does): the table's snapshot before its last commit (a small append) is
 * checked cold, then the current one. Manifests are immutable, so the
 * re-check decodes only the append's manifest; the listing re-reads only the
 * directories whose stamps changed (none here: the appended files were in the
 * tree for the first check too), and the comparison redoes only the
 * directories the append's manifest has entries in (see the verifier README).
 * Bundled and run by bench_check.py; prints JSON.
 */
import { readFileSync } from 'node:fs';
import type { Verdict } from '../../src/core/api/wire';
import { workerData } from 'node:worker_threads';
import { SqlCatalog } from '../../src/server/catalogs/sql';
import { isDecoderWorker, runDecoderWorker, useDecoderWorkers } from '../../src/server/metadata/decoder';
import { planPackedManifests } from '../../src/server/metadata/planFiles';
import { MetadataCache, readTableMetadata } from '../../src/server/metadata/reader';
import { LocalStorage } from '../../src/server/storage/local';
import { sharedDirectoryListings } from '../../src/server/storage/directoryListings';
import { LiveFiles } from '../../src/server/verifier/liveFiles';
import { ComparisonMemo } from '../../src/server/verifier/units';
import { planLiveFiles, verifyTable, type VerifyPhase } from '../../src/server/verifier/verifier';

async function main(): Promise<void> {
  useDecoderWorkers(__filename);
  const info = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const catalog = new SqlCatalog('bench', info.properties, { cwd: process.cwd() });
  const [namespace, name] = info.table.split('.').slice(1);
  const storage = new LocalStorage();
  const cache = new MetadataCache();
  const memo = new ComparisonMemo();
  const metadata = await readTableMetadata(storage, (await catalog.loadTable([namespace], name)).metadataLocation, cache);
  const check = async (snapshot: string | undefined) => {
    const phases: Partial<Record<VerifyPhase, number>> = {};
    const started = performance.now();
    const verdict = await verifyTable({
      table: info.table,
      metadata,
      snapshot,
      storage,
      memo,
      planFiles: (planned, snapshotId, options) => planLiveFiles(storage, planned, snapshotId, options, cache),
      onProgress: progress => (phases[progress.phase] = Math.round(performance.now() - started))
    });
    const directories = { read: sharedDirectoryListings.read, reused: sharedDirectoryListings.reused };
    const comparisons = { computed: memo.computed, reused: memo.reused };
    sharedDirectoryListings.read = sharedDirectoryListings.reused = 0;
    memo.computed = memo.reused = 0;
    const ms = Math.round(performance.now() - started);
    return { summary: { ms, status: verdict.status, findings: verdict.findings.length, phasesEndMs: phases, directories, comparisons }, verdict };
  };
  const full = (await check(info.before_append_snapshot_id)).summary;
  const { summary: recheck, verdict } = await check(undefined);
  // The same process, nothing kept: the verdict a re-check must equal.
  const fresh = await verifyTable({
    table: info.table,
    metadata,
    storage: new LocalStorage({ listings: null }),
    planFiles: async (planned, snapshotId, options) => new LiveFiles((await planPackedManifests(storage, planned, { ...options, snapshotId })).entries)
  });
  const sameAsFresh = JSON.stringify(strip(verdict)) === JSON.stringify(strip(fresh));
  const memoMiB = Math.round(memo.units.bytes / 2 ** 20);
  process.stdout.write(`${JSON.stringify({ full, recheck, sameAsFresh, cachedMiB: Math.round(cache.files.bytes / 2 ** 20), memoMiB })}\n`);
  await catalog.close?.();
  process.exit(0);
}

/** What a verdict says, without when it was made (bigints as text). */
function strip(verdict: Verdict): unknown {
  return JSON.parse(JSON.stringify({ ...verdict, checkedAtMs: 0 }, (_key, value) => (typeof value === 'bigint' ? value.toString() : value)));
}

if (isDecoderWorker(workerData)) {
  runDecoderWorker();
} else {
  main().catch(error => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = 2;
  });
}
