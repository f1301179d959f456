/**
 * The physical floor of a check on the benchmark table, measured in the same
 * run as the check: the time to list the data root (synchronous readdir, the
 * fastest Node has) plus the time to read every manifest of the current
 * snapshot and inflate its Avro blocks once (the fastest way the decoder has:
 * its fixed-Huffman path, else zlib with a chunk sized to the block), without
 * decoding a record.
 * Bundled and run by bench_check.py; prints JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { constants, inflateRawSync } from 'node:zlib';
import { SqlCatalog } from '../../src/server/catalogs/sql';
import { readHeader } from '../../src/server/metadata/avro/container';
import { inflateFixedHuffman } from '../../src/server/metadata/avro/fixedInflate';
import { readManifestListFile, readTableMetadata } from '../../src/server/metadata/reader';
import { LocalStorage } from '../../src/server/storage/local';
import { currentSnapshot } from '../../src/core/iceberg/schema';
import { dataRootOf } from '../../src/core/iceberg/dataRoot';

function listCount(directory: string): number {
  let files = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    files += entry.isDirectory() ? listCount(`${directory}/${entry.name}`) : 1;
  }
  return files;
}

/** Avro longs are zig-zag varints. */
function readLong(bytes: Buffer, at: { pos: number }): number {
  let value = 0;
  let shift = 1;
  for (;;) {
    const byte = bytes[at.pos++];
    value += (byte & 0x7f) * shift;
    if ((byte & 0x80) === 0) {
      break;
    }
    shift *= 128;
  }
  return value % 2 === 0 ? value / 2 : -(value + 1) / 2;
}

function inflate(block: Buffer): Buffer {
  return (
    inflateFixedHuffman(block) ?? inflateRawSync(block, { chunkSize: Math.min(Math.max(block.length * 4, constants.Z_MIN_CHUNK), constants.Z_DEFAULT_CHUNK) })
  );
}

/** Inflated bytes of every block of a deflate (or null-codec) Avro container. */
function inflateBlocks(bytes: Buffer, file: string): number {
  const header = readHeader(bytes, file);
  const at = { pos: header.dataOffset };
  let inflated = 0;
  while (at.pos < bytes.length) {
    readLong(bytes, at); // records in the block
    const size = readLong(bytes, at);
    const block = bytes.subarray(at.pos, at.pos + size);
    inflated += header.codec === 'deflate' ? inflate(block).length : block.length;
    at.pos += size + 16; // the block, then the sync marker
  }
  return inflated;
}

async function main(): Promise<void> {
  const info = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const catalog = new SqlCatalog('bench', info.properties, { cwd: process.cwd() });
  const [namespace, name] = info.table.split('.').slice(1);
  const storage = new LocalStorage();
  const metadata = await readTableMetadata(storage, (await catalog.loadTable([namespace], name)).metadataLocation);
  const snapshot = currentSnapshot(metadata)!;
  const manifests = await readManifestListFile(storage, snapshot.manifestList!, snapshot.snapshotId);
  let started = performance.now();
  const files = listCount(dataRootOf(metadata).replace(/^file:\/\//, ''));
  const listingMs = performance.now() - started;
  started = performance.now();
  let inflated = 0;
  for (const manifest of manifests) {
    const path = manifest.manifestPath.replace(/^file:\/\//, '');
    inflated += inflateBlocks(readFileSync(path), path);
  }
  const manifestsMs = performance.now() - started;
  process.stdout.write(`${JSON.stringify({ files, listingMs, manifests: manifests.length, inflatedBytes: inflated, manifestsMs })}\n`);
  await catalog.close?.();
}

main().catch(error => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exitCode = 2;
});
