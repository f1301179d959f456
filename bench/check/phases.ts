/**
 * Where `dual-layout check` spends its time and memory on the benchmark table:
 * the same steps as the command, timed one by one, with the heap and RSS after
 * each; first for the snapshot before the last (small) append, cold, then for
 * the current one in the same process with one metadata cache and one
 * comparison memo, as the helper's re-checks run. Bundled and run by
 * bench_check.py (decoding on worker threads, as the helper does).
 */
import { readFileSync } from 'node:fs';
import { SqlCatalog } from '../../src/server/catalogs/sql';
import { isDecoderWorker, runDecoderWorker, useDecoderWorkers } from '../../src/server/metadata/decoder';
import { planPackedManifests } from '../../src/server/metadata/planFiles';
import { MetadataCache, readTableMetadata } from '../../src/server/metadata/reader';
import { LocalStorage } from '../../src/server/storage/local';
import { listDirectoriesOf, type DirectoryFiles } from '../../src/server/storage/storage';
import { readFooter, type FileFooter } from '../../src/server/verifier/footers';
import { LiveFiles } from '../../src/server/verifier/liveFiles';
import { ComparisonMemo, TablePlan } from '../../src/server/verifier/units';
import { dataRootOf } from '../../src/core/iceberg/dataRoot';
import { workerData } from 'node:worker_threads';

async function main(): Promise<void> {
  useDecoderWorkers(__filename);
  const [configPath] = process.argv.slice(2);
  const info = JSON.parse(readFileSync(configPath, 'utf8'));
  const catalog = new SqlCatalog('bench', info.properties, { cwd: process.cwd() });
  const [namespace, name] = info.table.split('.').slice(1);
  const loaded = await catalog.loadTable([namespace], name);
  const storage = new LocalStorage();
  const cache = new MetadataCache();
  const memo = new ComparisonMemo();
  const metadata = await readTableMetadata(storage, loaded.metadataLocation, cache);

  /** The check's steps one by one, with the heap and RSS after each. */
  const profile = async (snapshotId: bigint): Promise<Record<string, number>> => {
    const times: Record<string, number> = {};
    let last = performance.now();
    const lap = (step: string) => {
      const now = performance.now();
      const heap = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
      const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
      times[`${step} [heap ${heap} MiB, rss ${rss} MiB]`] = Math.round(now - last);
      last = now;
    };
    const packed = await planPackedManifests(storage, metadata, { snapshotId, cache });
    const live = new LiveFiles(packed.entries);
    lap(`manifests read and packed (${packed.manifests.length} manifests)`);
    const dataRoot = dataRootOf(metadata);
    const listing: DirectoryFiles[] = [];
    for await (const directory of listDirectoriesOf(storage, dataRoot)) {
      listing.push(directory);
    }
    lap(`listing (${listing.length} directories)`);
    const plan = new TablePlan({ metadata, snapshotId, dataRoot, live, listing, memo });
    const toRead = plan.footersToRead();
    lap(`directories grouped and matched (${memo.computed} compared, ${memo.reused} reused)`);
    const footers = new Map<string, FileFooter>();
    for (const file of toRead) {
      footers.set(file.key, await readFooter(storage, file.path, file.size));
    }
    lap(`footers (${footers.size})`);
    const result = plan.compare(footers);
    lap(`compare (${result.status}, ${result.findings.length} findings)`);
    memo.computed = memo.reused = 0;
    return times;
  };
  const full = await profile(BigInt(info.before_append_snapshot_id));
  const recheck = await profile(metadata.currentSnapshotId!);
  process.stdout.write(`${JSON.stringify({ full, recheck })}\n`);
  await catalog.close?.();
  process.exit(0);
}

if (isDecoderWorker(workerData)) {
  runDecoderWorker();
} else {
  main().catch(error => {
    process.stderr.write(`${(error as Error).stack}\n`);
    process.exitCode = 2;
  });
}
