/**
 * The S3 run of the listing benchmark (`bench/storage/run.sh --s3 [--files 100000]`): one
 * partitioned tree on a loopback moto server (s3_moto.py), listed in the same run by
 *   - S3Storage.list (ours): delimiter listings of the top levels, then every partition prefix
 *     listed side by side (8 at a time), each a chain of 1,000-key pages;
 *   - S3Storage.list with listConcurrency 1: one chain of pages over the whole prefix;
 *   - s3fs `find(detail=True)`, what Dask lists S3 with.
 * One run each; prints the seconds, the counts and the ratios.
 */
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { S3Storage } from '../../src/server/storage/s3/s3Storage';

interface MotoTree {
  endpoint: string;
  bucket: string;
  prefix: string;
  keys: number;
  seedSeconds: number;
}

async function listWith(storage: S3Storage, uri: string): Promise<[number, number]> {
  const start = performance.now();
  let count = 0;
  for await (const _ of storage.list(uri)) {
    count++;
  }
  return [(performance.now() - start) / 1000, count];
}

export async function benchS3(python: string, script: string, files: number): Promise<void> {
  const child = spawn(python, [script, String(files)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) {
      throw new Error(`${script} exited early`);
    }
    return value;
  };
  try {
    const tree = JSON.parse(await nextLine()) as MotoTree;
    const uri = `s3://${tree.bucket}/${tree.prefix}`;
    const properties = { 's3.endpoint': tree.endpoint, 's3.region': 'us-east-1', 's3.access-key-id': 'bench', 's3.secret-access-key': 'bench' };
    const results: Record<string, [number, number]> = {};
    results['S3Storage.list (ours)'] = await listWith(new S3Storage({ properties, env: {}, home: '/nonexistent' }), uri);
    child.stdin.write('find\n');
    results['s3fs find (Dask)'] = JSON.parse(await nextLine()) as [number, number];
    results['S3Storage.list, one chain'] = await listWith(new S3Storage({ properties, env: {}, home: '/nonexistent', listConcurrency: 1 }), uri);
    const ourTime = results['S3Storage.list (ours)'][0];
    process.stdout.write(`Listing ${tree.keys} objects under ${uri} on moto at ${tree.endpoint} (seeded in ${tree.seedSeconds.toFixed(1)} s), one run each\n`);
    for (const [name, [seconds, count]] of Object.entries(results)) {
      const ratio = name.includes('ours') ? '' : `  ours is ${(seconds / ourTime).toFixed(1)}x faster`;
      process.stdout.write(`  ${name.padEnd(28)} ${seconds.toFixed(2).padStart(7)} s  ${count} objects${ratio}\n`);
    }
  } finally {
    child.stdin.end();
  }
}
