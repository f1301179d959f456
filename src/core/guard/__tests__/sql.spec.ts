import { classifySql } from '../sql';

describe('classifySql', () => {
  it.each([
    ['INSERT INTO lake.obs.t SELECT 1', 'INSERT INTO', ['lake', 'obs', 't']],
    ['insert overwrite table `lake`.`obs`.`t` select 1', 'INSERT OVERWRITE', ['lake', 'obs', 't']],
    ['MERGE INTO obs.t USING s ON t.id = s.id WHEN MATCHED THEN DELETE', 'MERGE INTO', ['obs', 't']],
    ['UPDATE t SET x = 1', 'UPDATE', ['t']],
    ['DELETE FROM lake.obs.t WHERE x', 'DELETE FROM', ['lake', 'obs', 't']],
    ['TRUNCATE TABLE lake.obs.t', 'TRUNCATE TABLE', ['lake', 'obs', 't']],
    ['ALTER TABLE lake.obs.t ADD COLUMN y int', 'ALTER TABLE', ['lake', 'obs', 't']],
    ['DROP TABLE IF EXISTS lake.obs.t PURGE', 'DROP TABLE', ['lake', 'obs', 't']],
    ['CREATE OR REPLACE TABLE lake.obs.t AS SELECT 1', 'CREATE OR REPLACE TABLE', ['lake', 'obs', 't']],
    ['REPLACE TABLE lake.obs.t USING iceberg AS SELECT 1', 'CREATE OR REPLACE TABLE', ['lake', 'obs', 't']],
    ['WITH s AS (SELECT 1) INSERT INTO lake.obs.t SELECT * FROM s', 'INSERT INTO', ['lake', 'obs', 't']],
    ["CALL lake.system.rewrite_data_files(table => 'obs.t')", 'CALL lake.system.rewrite_data_files (maintenance)', ['obs', 't']],
    ["CALL lake.system.expire_snapshots('obs.t', TIMESTAMP '2024-01-01 00:00:00')", 'CALL lake.system.expire_snapshots (maintenance)', ['obs', 't']],
    [
      "call lake.system.rewrite_position_delete_files(options => map('a', 'b'), table => 'obs.t')",
      'CALL lake.system.rewrite_position_delete_files (maintenance)',
      ['obs', 't']
    ],
    ["CALL lake.system.snapshot('obs.source', 'obs.t')", 'CALL lake.system.snapshot', ['obs', 't']],
    ["CALL lake.system.rollback_to_snapshot('obs.t', 1)", 'CALL lake.system.rollback_to_snapshot', ['obs', 't']],
    ["CALL lake.system.some_future_procedure(table => 'obs.t')", 'CALL lake.system.some_future_procedure', ['obs', 't']]
  ])('should classify %s as a write', (text, operation, table) => {
    const [statement] = classifySql(text);
    expect(statement.writes).toEqual([expect.objectContaining({ operation, table })]);
  });

  it.each([
    'SELECT * FROM lake.obs.t',
    "SELECT 'DELETE FROM lake.obs.t' AS example",
    'DESCRIBE TABLE lake.obs.t',
    'SHOW TABLES IN lake.obs',
    'SELECT * FROM lake.obs.t.snapshots',
    'EXPLAIN INSERT INTO lake.obs.t SELECT 1',
    '-- DELETE FROM lake.obs.t\nSELECT 1',
    '/* DROP TABLE lake.obs.t */ SELECT 1',
    'CREATE OR REPLACE TEMP VIEW v AS SELECT * FROM lake.obs.t',
    'CREATE TABLE IF NOT EXISTS lake.obs.t (id bigint)',
    "CALL lake.system.ancestors_of('obs.t')",
    "CALL lake.system.create_changelog_view(table => 'obs.t', changelog_view => 'obs_changes')",
    "SELECT 'CALL lake.system.expire_snapshots(table => ''obs.t'')' AS example"
  ])('should classify %s as a read', text => {
    expect(classifySql(text).flatMap(s => s.writes)).toEqual([]);
  });

  it('should mark maintenance procedures, and say which ones delete files', () => {
    const [expire, rewrite, rollback] = classifySql(
      "CALL lake.system.expire_snapshots(table => 'obs.t', snapshot_ids => array(1, 2)); CALL lake.system.rewrite_data_files(table => 'obs.t', where => 'k = 1'); CALL lake.system.rollback_to_snapshot('obs.t', 1)"
    ).map(s => s.writes[0]);
    expect(expire).toEqual({
      operation: 'CALL lake.system.expire_snapshots (maintenance)',
      table: ['obs', 't'],
      catalog: 'lake',
      delete: true,
      maintenance: true
    });
    expect(rewrite).toEqual({
      operation: 'CALL lake.system.rewrite_data_files (maintenance)',
      table: ['obs', 't'],
      catalog: 'lake',
      delete: false,
      maintenance: true
    });
    expect(rollback).toEqual({ operation: 'CALL lake.system.rollback_to_snapshot', table: ['obs', 't'], catalog: 'lake', delete: false });
  });

  it('should report paths written by INSERT OVERWRITE DIRECTORY and CREATE TABLE … LOCATION', () => {
    expect(classifySql("INSERT OVERWRITE DIRECTORY 's3://b/p' SELECT 1")[0].writes[0]).toMatchObject({ path: 's3://b/p', delete: true });
    expect(classifySql("CREATE TABLE x USING parquet LOCATION 's3://b/q'")[0].writes[0]).toMatchObject({ path: 's3://b/q' });
    expect(classifySql('INSERT INTO parquet.`s3://b/r` SELECT 1')[0].writes[0]).toMatchObject({ path: 's3://b/r' });
  });

  it('should report USE statements and the line each statement starts on', () => {
    const statements = classifySql('USE lake.obs;\n\nDELETE FROM t\nWHERE x;\nUSE CATALOG other');
    expect(statements.map(s => [s.line, s.use ?? s.writes[0].operation])).toEqual([
      [0, { kind: 'any', parts: ['lake', 'obs'] }],
      [2, 'DELETE FROM'],
      [4, { kind: 'catalog', parts: ['other'] }]
    ]);
  });
});
