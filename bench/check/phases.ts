/**
 * Where `dual-layout check` spends its time on the benchmark table: the same
 * steps as the command, timed one by one. Bundled and run by bench_check.py.
 */
import { readFileSync } from 'node:fs';
import { SqlCatalog } from '../../src/server/catalogs/sql';
import { planFiles } from '../../src/server/metadata/planFiles';
import { readTableMetadata } from '../../src/server/metadata/reader';
import { LocalStorage } from '../../src/server/storage/local';
import { compareViews } from '../../src/server/verifier/compare';
import { readFooter } from '../../src/server/verifier/footers';
import { footerPathsToRead } from '../../src/server/verifier/schemaFindings';
import { dataRootOf } from '../../src/core/iceberg/dataRoot';
import { buildViews } from '../../src/server/verifier/views';
import { normalizeUri } from '../../src/core/uri';
import type { ObjectInfo } from '../../src/server/storage/storage';
import type { FileFooter } from '../../src/server/verifier/footers';

async function main(): Promise<void> {
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
  const plan = await planFiles(storage, metadata);
  lap(`manifests (${plan.manifests.length} manifests, ${plan.dataFiles.length} files)`);
  const dataRoot = dataRootOf(metadata);
  const listing: ObjectInfo[] = [];
  for await (const object of storage.list(dataRoot, { sizes: false })) {
    listing.push(object);
  }
  lap(`listing (${listing.length} objects)`);
  const views = buildViews({ metadata, snapshotId: metadata.currentSnapshotId ?? null, dataRoot, live: plan.dataFiles, listing });
  lap('index both views');
  const footers = new Map<string, FileFooter>();
  for (const file of footerPathsToRead(views)) {
    footers.set(normalizeUri(file.path), await readFooter(storage, file.path, file.size));
  }
  lap(`footers (${footers.size})`);
  const result = compareViews(metadata, views, footers);
  lap(`compare (${result.status}, ${result.findings.length} findings)`);
  process.stdout.write(`${JSON.stringify(times)}\n`);
  await catalog.close?.();
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 2;
});
