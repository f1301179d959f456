/**
 * Full check, then a re-check after one small append, in one helper process
 * sharing one metadata cache (as the helper's server does): the table's
 * snapshot before its last commit (a small append) is checked cold, then the
 * current one. Manifests are immutable, so the re-check decodes only the
 * append's manifest, and the listing re-reads only the directories that
 * changed (none here: the appended files were in the tree for the first check
 * too); the listing is still walked and the comparison done again (see the
 * verifier README). Bundled and run by bench_check.py; prints JSON.
 */
import { readFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { SqlCatalog } from '../../src/server/catalogs/sql';
import { isDecoderWorker, runDecoderWorker, useDecoderWorkers } from '../../src/server/metadata/decoder';
import { planPackedManifests } from '../../src/server/metadata/planFiles';
import { MetadataCache, readTableMetadata } from '../../src/server/metadata/reader';
import { LocalStorage } from '../../src/server/storage/local';
import { sharedDirectoryListings } from '../../src/server/storage/directoryListings';
import { LiveFiles } from '../../src/server/verifier/liveFiles';
import { verifyTable, type VerifyPhase } from '../../src/server/verifier/verifier';

async function main(): Promise<void> {
  useDecoderWorkers(__filename);
  const info = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const catalog = new SqlCatalog('bench', info.properties, { cwd: process.cwd() });
  const [namespace, name] = info.table.split('.').slice(1);
  const storage = new LocalStorage();
  const cache = new MetadataCache();
  const metadata = await readTableMetadata(storage, (await catalog.loadTable([namespace], name)).metadataLocation, cache);
  const check = async (snapshot: string | undefined) => {
    const phases: Partial<Record<VerifyPhase, number>> = {};
    const started = performance.now();
    const verdict = await verifyTable({
      table: info.table,
      metadata,
      snapshot,
      storage,
      planFiles: async (planned, snapshotId, options) =>
        new LiveFiles((await planPackedManifests(storage, planned, { ...options, snapshotId, cache })).entries),
      onProgress: progress => (phases[progress.phase] = Math.round(performance.now() - started))
    });
    const directories = { read: sharedDirectoryListings.read, reused: sharedDirectoryListings.reused };
    sharedDirectoryListings.read = sharedDirectoryListings.reused = 0;
    return { ms: Math.round(performance.now() - started), status: verdict.status, findings: verdict.findings.length, phasesEndMs: phases, directories };
  };
  const full = await check(info.before_append_snapshot_id);
  const recheck = await check(undefined);
  process.stdout.write(`${JSON.stringify({ full, recheck, cachedMiB: Math.round(cache.files.bytes / 2 ** 20) })}\n`);
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
