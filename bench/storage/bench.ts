/**
 * Listing a Hive tree of many files: LocalStorage.list against what one
 * would otherwise use, measured in the same run on the same tree:
 *   - Node's promise API (readdir withFileTypes + stat, 64 in flight),
 *   - fsspec's LocalFileSystem.find(detail=True), which Dask lists with,
 *   - os.walk + os.stat in Python.
 * Usage: bench/storage/run.sh [--files 200000] [--dir DIR]
 *        bench/storage/run.sh --s3 [--files 100000]   (S3 on loopback moto: see s3.ts)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalStorage } from '../../src/server/storage/local';
import { benchS3 } from './s3';

const REPO = process.cwd(); // run.sh runs from the repository root
const PYTHON = process.env.PYTHON ?? path.join(REPO, '.venv', 'bin', 'python');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

/** region × day directories of 100 files each, like a partitioned Iceberg data root. */
function buildTree(root: string, files: number): void {
  const marker = `${root}.complete-${files}`;
  if (fs.existsSync(marker)) {
    return;
  }
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const perDir = 100;
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, `region=R${Math.floor(i / perDir) % 20}`, `day=${Math.floor(i / (perDir * 20))}`);
    if (i % perDir === 0) {
      fs.mkdirSync(dir, { recursive: true });
    }
    fs.writeFileSync(path.join(dir, `00000-${i}-5f0c3e1a.parquet`), '');
  }
  fs.writeFileSync(marker, '');
}

async function ours(root: string): Promise<number> {
  let count = 0;
  for await (const _ of new LocalStorage({ roots: [root] }).list(root)) {
    count++;
  }
  return count;
}

async function nodePromises(root: string): Promise<number> {
  let count = 0;
  const pending = [root];
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      if (pending.length === 0 && active === 0) {
        resolve();
      }
      while (active < 64 && pending.length > 0) {
        const dir = pending.pop() as string;
        active++;
        visit(dir).then(() => {
          active--;
          pump();
        }, reject);
      }
    };
    const visit = async (dir: string): Promise<void> => {
      const entries = await fs.promises.readdir(dir, { withFileTypes: true });
      const files = entries.filter(e => e.isFile()).map(e => path.join(dir, e.name));
      pending.push(...entries.filter(e => e.isDirectory()).map(e => path.join(dir, e.name)));
      const stats = await Promise.all(files.map(f => fs.promises.stat(f)));
      count += stats.length; // after the await: `count += await …` would lose updates
    };
    pump();
  });
  return count;
}

const PYTHON_LISTERS = `
import json, os, sys, time
root = sys.argv[1]
def fsspec_find():
    import fsspec
    return len(fsspec.filesystem("file").find(root, detail=True))
def os_walk():
    n = 0
    for d, _, names in os.walk(root):
        for name in names:
            os.stat(os.path.join(d, name)); n += 1
    return n
out = {}
for name, f in (("fsspec find (Dask)", fsspec_find), ("os.walk + stat", os_walk)):
    start = time.perf_counter(); count = f(); out[name] = [time.perf_counter() - start, count]
print(json.dumps(out))
`;

async function timed(run: () => Promise<number>): Promise<[number, number]> {
  const start = performance.now();
  const count = await run();
  return [(performance.now() - start) / 1000, count];
}

async function main(): Promise<void> {
  if (process.argv.includes('--s3')) {
    return benchS3(PYTHON, path.join(REPO, 'bench', 'storage', 's3_moto.py'), Number(option('files', '100000')));
  }
  const files = Number(option('files', '200000'));
  const root = option('dir', path.join(os.tmpdir(), 'dual-layout-bench-listing'));
  buildTree(root, files);
  const results: Record<string, [number, number]> = {};
  for (let round = 0; round < 2; round++) {
    // Second round counts: the first warms the page cache for everyone.
    results['LocalStorage.list (ours)'] = await timed(() => ours(root));
    results['fs.promises readdir + stat'] = await timed(() => nodePromises(root));
    const python = spawnSync(PYTHON, ['-c', PYTHON_LISTERS, root], { encoding: 'utf8' });
    if (python.status !== 0) {
      throw new Error(`python listers failed: ${python.error ?? python.signal ?? python.stderr}`);
    }
    Object.assign(results, JSON.parse(python.stdout));
  }
  const ourTime = results['LocalStorage.list (ours)'][0];
  process.stdout.write(`Listing ${files} files under ${root} (${os.cpus().length} cores)\n`);
  for (const [name, [seconds, count]] of Object.entries(results)) {
    const ratio = name.includes('ours') ? '' : `  ours is ${(seconds / ourTime).toFixed(1)}x faster`;
    process.stdout.write(`  ${name.padEnd(28)} ${seconds.toFixed(2).padStart(6)} s  ${count} files${ratio}\n`);
  }
  process.stdout.write(`  peak RSS of this process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 1;
});
