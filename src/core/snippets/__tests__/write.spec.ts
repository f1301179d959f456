/**
 * The write variant: the read snippet's session, the layout properties, commit_keeping_layout and
 * examples that only run when asked; one definition of the shared helpers; hostile names change
 * only string values.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { generateSnippet, SnippetError } from '..';
import { TABLE_HELPERS } from '../../repair/helpers';
import { LAYOUT_COMMIT_HELPERS } from '../../repair/layoutCommit';
import { sqlQualifiedName } from '../emit';
import { sparkSessionCode } from '../spark';
import { BY_REGION_AND_DAY, LOCAL_SQL, metadata, table } from './fixtures';
import { decodePythonString, pythonShape, sqlTokens } from './pythonTree';
import { hostileText as hostile } from './hostile';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const PYTHON = process.env.DUAL_LAYOUT_PYTHON ?? path.join(REPO, '.venv', 'bin', 'python');
const itWithPython = fs.existsSync(PYTHON) ? it : it.skip;

const write = (t = table('obs')) => generateSnippet({ engine: 'spark', variant: 'write', tables: [t] });

describe('generateSnippet #spark write', () => {
  it('should build the session as the read snippet does, then define the helpers once', () => {
    const { code, variable } = write();
    expect(variable).toBe('obs');
    expect(code).toContain(sparkSessionCode([LOCAL_SQL]));
    expect(code.split(TABLE_HELPERS)).toHaveLength(2);
    expect(code.split(LAYOUT_COMMIT_HELPERS)).toHaveLength(2);
    expect(code.indexOf(sparkSessionCode([LOCAL_SQL]))).toBeLessThan(code.indexOf(TABLE_HELPERS));
  });

  it('should set the layout properties and define commit_keeping_layout on the table', () => {
    const { code } = write();
    expect(code).toContain('WRITE_TABLE = _DlTable(\n    catalog="lake",\n    name="lake.sci.obs",\n    snapshot=None,\n)');
    expect(code).toContain('\n_dl_keep_layout_properties(WRITE_TABLE)\n');
    expect(code).toContain('\ndef commit_keeping_layout(write):\n');
    for (const property of [
      '"write.delete.mode": "copy-on-write"',
      '"write.update.mode": "copy-on-write"',
      '"write.merge.mode": "copy-on-write"',
      '"write.object-storage.enabled": "false"',
      '"write.distribution-mode": "hash"'
    ]) {
      expect(code).toContain(property);
    }
    expect(code).not.toContain('"write.data.path"');
  });

  it('should say that time travel to the replaced versions is lost', () => {
    expect(write().code).toContain('# snapshots is lost.');
  });

  it('should run the examples only once RUN_EXAMPLES is set', () => {
    const lines = write().code.split('\n');
    const guard = lines.indexOf('if RUN_EXAMPLES:');
    expect(lines[guard - 1]).toBe('RUN_EXAMPLES = False');
    const examples = lines.slice(guard + 1, lines.indexOf('obs.show(5)'));
    expect(examples.every(line => line.startsWith('    '))).toBe(true);
    expect(examples.filter(line => line.includes('commit_keeping_layout('))).toHaveLength(2);
  });

  it('should merge on the first column and the identity partition columns', () => {
    const { code } = write(table('obs', { partition: BY_REGION_AND_DAY }));
    const merge = pythonShape(code)
      .strings.map(decodePythonString)
      .find(value => value.startsWith('MERGE INTO'));
    expect(merge).toBe(
      'MERGE INTO lake.sci.obs AS target USING obs_updates AS source ON target.id = source.id AND target.region = source.region WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *'
    );
  });

  it("should merge on the schema's identifier fields when it has them", () => {
    const fields = [
      { id: 1, name: 'station', required: true, type: 'string' as const },
      { id: 2, name: 'region', required: false, type: 'string' as const },
      { id: 3, name: 'reading', required: true, type: 'long' as const }
    ];
    const meta = metadata(fields, [{ sourceId: 2, fieldId: 1000, name: 'region', transform: 'identity' }]);
    meta.schemas[0].identifierFieldIds = [3, 1];
    const { code } = write(table('obs', { metadata: meta }));
    expect(code).toContain('ON target.reading = source.reading AND target.station = source.station AND target.region = source.region WHEN');
  });

  it('should refuse Dask, which only reads', () => {
    expect(() => generateSnippet({ engine: 'dask', variant: 'write', tables: [table('obs')] })).toThrow(SnippetError);
  });

  it('should parse as Python with no error node', () => {
    expect(pythonShape(write().code).errors).toBe(0);
  });

  itWithPython('should compile in CPython', () => {
    execFileSync(PYTHON, ['-c', 'import sys; compile(sys.stdin.read(), "<write>", "exec")'], { input: write().code });
  });
});

describe('hostile names in the write snippet', () => {
  it('should change only string values: the table and columns reach Spark exactly', () => {
    fc.assert(
      fc.property(fc.array(hostile, { minLength: 1, maxLength: 2 }), hostile, hostile, hostile, (namespace, name, key, region) => {
        fc.pre(key !== region);
        const fields = [
          { id: 1, name: key, required: false, type: 'long' as const },
          { id: 2, name: region, required: false, type: 'string' as const }
        ];
        const partition = [{ sourceId: 2, fieldId: 1000, name: region, transform: 'identity' }];
        const hostileTable = { ...table('obs', { fields, partition }), id: { catalog: 'lake', namespace, name } };
        const benignFields = fields.map((field, i) => ({ ...field, name: `c${i}` }));
        // A "$" in the table's name makes the read turn Spark's substitution off: the twin has one too.
        const benignName = [...namespace, name].some(part => part.includes('$')) ? 't$' : 't';
        const benignTable = {
          ...table('obs', { fields: benignFields, partition }),
          id: { catalog: 'lake', namespace: namespace.map((_, i) => `n${i}`), name: benignName }
        };
        const hostileShape = pythonShape(write(hostileTable).code);
        const benignShape = pythonShape(write(benignTable).code);
        expect(hostileShape.errors).toBe(0);
        expect(hostileShape.nodes).toEqual(benignShape.nodes);
        const values = hostileShape.strings.map(decodePythonString);
        const qualified = sqlQualifiedName(['lake', ...namespace, name]);
        expect(values).toContain(qualified);
        const merge = values.find(value => value.startsWith('MERGE INTO '))!;
        const identifiers = sqlTokens(merge)
          .filter(token => token.kind === 'identifier')
          .map(token => token.value);
        expect(identifiers).toEqual(expect.arrayContaining(['lake', ...namespace, name, 'target', key, 'source', region]));
        expect(sqlTokens(merge).filter(token => token.kind === 'string')).toEqual([]);
      }),
      { numRuns: 100 }
    );
  });
});
