/**
 * Test-only read-only Storage over the golden fixtures: the fixtures' metadata
 * keeps the absolute `file:` locations they were written at (under
 * /tmp/dual-layout-golden), which this storage maps onto the fixture folder.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import type { ByteRange, ObjectInfo, Storage } from '../../storage/storage';
import { StorageError } from '../../storage/storage';

export const FIXTURES = path.join(__dirname, 'fixtures');
const WRITTEN_AT = '/tmp/dual-layout-golden';
const TABLE_ROOTS: Record<string, string> = {
  pyiceberg_v1: 'pyiceberg/golden/pyiceberg_v1',
  pyiceberg_v2: 'pyiceberg/golden/pyiceberg_v2',
  spark_v2_mor: 'spark/db/spark_v2_mor',
  spark_v3_dv: 'spark/db/spark_v3_dv'
};

/** The local path of a location recorded in fixture metadata. */
export function fixturePath(location: string): string {
  const plain = location.replace(/^file:(\/\/)?/, '');
  for (const [table, root] of Object.entries(TABLE_ROOTS)) {
    const prefix = `${WRITTEN_AT}/${root}/`;
    if (plain.startsWith(prefix)) {
      return path.join(FIXTURES, table, plain.slice(prefix.length));
    }
  }
  return plain;
}

export class FixtureStorage implements Storage {
  readonly reads: string[] = [];

  async *list(prefix: string): AsyncIterable<ObjectInfo> {
    for (const name of await fs.readdir(fixturePath(prefix))) {
      const stat = await fs.stat(path.join(fixturePath(prefix), name));
      yield { path: `${prefix.replace(/\/$/, '')}/${name}`, size: stat.size };
    }
  }

  async read(location: string, range?: ByteRange): Promise<Uint8Array> {
    this.reads.push(location);
    try {
      const bytes = await fs.readFile(fixturePath(location));
      return range ? bytes.subarray(range.offset, range.offset + range.length) : bytes;
    } catch (error) {
      throw new StorageError(`cannot read ${location}: ${(error as Error).message}`, location);
    }
  }

  async stat(location: string): Promise<ObjectInfo | null> {
    try {
      return { path: location, size: (await fs.stat(fixturePath(location))).size };
    } catch {
      return null;
    }
  }
}

/** The latest metadata file of a fixture table, as the location its metadata would be loaded from. */
export async function latestMetadataLocation(table: string): Promise<string> {
  const expected = JSON.parse(await fs.readFile(path.join(FIXTURES, table, 'expected.json'), 'utf8'));
  return expected.metadataLocation as string;
}
