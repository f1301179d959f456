/**
 * Where `dual-layout check` spends its time and memory on the benchmark table:
 * the same steps as the command, timed one by one, with the heap and RSS after
 * each. Bundled and run by bench_check.py (decoding on worker threads, as the helper does).
 */
import { readFileSync } from 'node:fs';
import { SqlCatalog } from '../../src/server/catalogs/sql';
import { isDecoderWorker, runDecoderWorker, useDecoderWorkers } from '../../src/server/metadata/decoder';
import { planPackedManifests } from '../../src/server/metadata/planFiles';
import { readTableMetadata } from '../../src/server/metadata/reader';
import { LocalStorage } from '../../src/server/storage/local';
import { compareViews } from '../../src/server/verifier/compare';
import { readFooter, type FileFooter } from '../../src/server/verifier/footers';
import { LiveFiles } from '../../src/server/verifier/liveFiles';
import { footerPathsToRead } from '../../src/server/verifier/schemaFindings';
import { buildViews, HiveListing } from '../../src/server/verifier/views';
import { dataRootOf } from '../../src/core/iceberg/dataRoot';
import { workerData } from 'node:worker_threads';

async function main(): Promise<void> {
  useDecoderWorkers(__filename);
  const [configPath] = process.argv.slice(2);
  const info = JSON.parse(readFileSync(configPath, 'utf8'));
  const times: Record<string, number> = {};
  let last = performance.now();
  const lap = (name: string) => {
    const now = performance.now();
    const heap = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
    const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
    times[`${name} [heap ${heap} MiB, rss ${rss} MiB]`] = Math.round(now - last);
    last = now;
  };
  const catalog = new SqlCatalog('bench', info.properties, { cwd: process.cwd() });
  const [namespace, name] = info.table.split('.').slice(1);
  const loaded = await catalog.loadTable([namespace], name);
  const storage = new LocalStorage();
  const metadata = await readTableMetadata(storage, loaded.metadataLocation);
  lap('catalog + metadata.json');
  const plan = await planPackedManifests(storage, metadata);
  lap(`manifests decoded and packed (${plan.manifests.length} manifests)`);
  const live = new LiveFiles(plan.entries);
  lap(`live-file index (${live.size} files)`);
  const dataRoot = dataRootOf(metadata);
  const listing = new HiveListing(dataRoot);
  for await (const object of storage.list(dataRoot, { sizes: false })) {
    listing.add(object.path);
  }
  listing.close();
  lap(`listing (${listing.length} Parquet files)`);
  const views = buildViews({ metadata, snapshotId: metadata.currentSnapshotId ?? null, dataRoot, live, listing });
  lap('match both views');
  const footers = new Map<string, FileFooter>();
  for (const file of footerPathsToRead(views)) {
    footers.set(file.key, await readFooter(storage, file.path, file.size));
  }
  lap(`footers (${footers.size})`);
  const result = compareViews(metadata, views, footers);
  lap(`compare (${result.status}, ${result.findings.length} findings)`);
  process.stdout.write(`${JSON.stringify(times)}\n`);
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
