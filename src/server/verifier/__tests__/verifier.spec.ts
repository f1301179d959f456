import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ManifestEntry } from '../../../core/iceberg/model';
import { LocalStorage } from '../../storage/local';
import { readFooter } from '../footers';
import { resolveSnapshot, verifyTable, VerifyProgress, VerifyRequest } from '../verifier';
import { entry, table } from './tables';

const FIXTURE = path.join(__dirname, 'fixtures', 'observations.parquet');

/** A table at `<tmp>/obs` whose data root holds the given files (copies of a real pyiceberg file). */
function lakehouse(files: Record<string, Buffer>): { root: string; location: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'verifier-'));
  const location = path.join(root, 'obs');
  for (const [relative, bytes] of Object.entries(files)) {
    const file = path.join(location, 'data', relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
  }
  return { root, location };
}

function request(location: string, live: ManifestEntry[], extra: Partial<VerifyRequest> = {}): VerifyRequest {
  const metadata = { ...table('region'), location };
  metadata.schemas[0].fields.push({ id: 4, name: 'value', required: false, type: 'double' });
  return {
    table: 'lake.ns.obs',
    metadata,
    storage: new LocalStorage({ roots: [location] }),
    planFiles: async () => live,
    ...extra
  };
}

describe('verifyTable', () => {
  const parquet = fs.readFileSync(FIXTURE);

  it('should find a stale copy and read real footers without findings for matching columns', async () => {
    const { location } = lakehouse({ 'region=EU/live.parquet': parquet, 'region=EU/stale.parquet': parquet });
    const live = [entry(`file://${location}/data/region=EU/live.parquet`, 'region', { 1000: 'EU' }, { fileSizeInBytes: parquet.length })];
    const phases = new Set<string>();
    const verdict = await verifyTable(request(location, live, { onProgress: (p: VerifyProgress) => phases.add(p.phase) }));
    expect(verdict.status).toBe('drift');
    expect(verdict.snapshot).toBe(8n);
    expect(verdict.findings).toEqual([expect.objectContaining({ kind: 'stale-file', path: `${location}/data/region=EU/stale.parquet` })]);
    expect([...phases].sort()).toEqual(['footers', 'listing']);
  });

  it('should give status error naming the file when a footer is corrupt', async () => {
    const { location } = lakehouse({ 'region=EU/a.parquet': parquet.subarray(0, parquet.length - 20) });
    const live = [entry(`${location}/data/region=EU/a.parquet`, 'region', { 1000: 'EU' }, { fileSizeInBytes: parquet.length - 20 })];
    const verdict = await verifyTable(request(location, live));
    expect(verdict.status).toBe('error');
    expect(verdict.error).toContain('lake.ns.obs');
    expect(verdict.error).toContain(`${location}/data/region=EU/a.parquet`);
  });

  it('should reject with the abort reason when cancelled', async () => {
    const { location } = lakehouse({ 'region=EU/a.parquet': parquet });
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the user'));
    await expect(verifyTable(request(location, [], { signal: controller.signal }))).rejects.toThrow('cancelled by the user');
  });

  it('should not change anything in table storage', async () => {
    const { location } = lakehouse({ 'region=EU/a.parquet': parquet, 'region=US/b.parquet': parquet });
    const before = snapshotTree(location);
    await verifyTable(request(location, [entry(`${location}/data/region=EU/a.parquet`, 'region', { 1000: 'EU' })]));
    expect(snapshotTree(location)).toEqual(before);
  });
});

describe('readFooter', () => {
  it('should read column names, field ids and types of a pyiceberg file', async () => {
    const footer = await readFooter(new LocalStorage(), FIXTURE);
    expect(footer.columns).toEqual([
      { name: 'id', fieldId: 1, arrowType: 'int64' },
      { name: 'region', fieldId: 2, arrowType: 'string' },
      { name: 'obs_time', fieldId: 3, arrowType: 'timestamp' },
      { name: 'value', fieldId: 4, arrowType: 'double' }
    ]);
  });
});

describe('resolveSnapshot', () => {
  const metadata = table('region');

  it('should take the current snapshot by default, a branch by name, and an id', () => {
    expect(resolveSnapshot('t', metadata)).toBe(8n);
    expect(resolveSnapshot('t', metadata, 'audit')).toBe(7n);
    expect(resolveSnapshot('t', metadata, '7')).toBe(7n);
    expect(resolveSnapshot('t', metadata, 7n)).toBe(7n);
  });

  it('should name the table and the known refs for an unknown one', () => {
    expect(() => resolveSnapshot('lake.ns.t', metadata, 'nope')).toThrow('lake.ns.t has no branch or tag nope (it has: main, audit)');
    expect(() => resolveSnapshot('lake.ns.t', metadata, '123')).toThrow('lake.ns.t has no snapshot 123');
  });
});

function snapshotTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      const stat = fs.statSync(full);
      if (stat.isDirectory()) {
        walk(full);
      } else {
        out.push(`${full} ${stat.size} ${stat.mtimeMs}`);
      }
    }
  };
  walk(dir);
  return out;
}
