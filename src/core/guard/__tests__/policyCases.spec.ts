/**
 * The shared matching cases: the kernel's runtime guard (Python) answers the same table in
 * tests/guard/test_policy.py, so the two layers agree on what is protected.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Policy } from '../../api/wire';
import { normalisePath } from '../paths';
import { GuardAnalyzer } from '../analyzer';
import { GuardPolicy, WriteEffect } from '../policy';
import { GuardScope } from '../scope';

interface Cases {
  policy: Policy;
  normalise: { raw: string; cwd?: string; expected: { scheme: string; segments: string[] } | null }[];
  match: { target: string; effect: WriteEffect; cwd?: string; tables: (string | null)[] }[];
  tables: { parts: string[]; tables: string[] }[];
  procedures: { sql: string; currentCatalog: string; writes: [string, string][] }[];
}

const cases = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../tests/guard/policy_cases.json'), 'utf8')) as Cases;
const policy = new GuardPolicy(cases.policy);

describe('shared policy cases', () => {
  describe('normalisePath', () => {
    it.each(cases.normalise.map(c => [c.raw, c.cwd ?? null, c.expected] as const))('should normalise %j (cwd %j) to %j', (raw, cwd, expected) => {
      expect(normalisePath(raw, cwd ?? undefined)).toEqual(expected);
    });
  });

  describe('GuardPolicy#matchPath', () => {
    it.each(cases.match.map(c => [c.target, c.effect, c.cwd ?? null, c.tables] as const))(
      'should match %s (%s, cwd %j) to %j',
      (target, effect, cwd, tables) => {
        expect(policy.matchPath(target, effect, cwd ?? undefined).map(m => m.table)).toEqual(tables);
      }
    );
  });

  describe('GuardPolicy#matchTable', () => {
    it.each(cases.tables.map(c => [c.parts, c.tables] as const))('should match %j to %j', (parts, tables) => {
      expect(policy.matchTable([...parts]).map(m => m.table)).toEqual(tables);
    });
  });

  describe('GuardAnalyzer on spark.sql(CALL …)', () => {
    const analyzer = new GuardAnalyzer(policy);
    it.each(cases.procedures.map(c => [c.sql, c.currentCatalog, c.writes] as const))(
      'should find that %j (current catalog %s) changes %j',
      (sql, currentCatalog, writes) => {
        // JSON's string syntax is Python's for this text: the SQL reaches spark.sql as written.
        const cell = `spark.sql("USE CATALOG ${currentCatalog}")\nspark.sql(${JSON.stringify(sql)})`;
        expect(analyzer.analyzeCell(cell, new GuardScope()).findings.map(f => [f.operation, f.table])).toEqual(writes);
      }
    );
  });
});
