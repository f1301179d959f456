/**
 * Write-guard scan time per cell against `ruff check` on the same code, same
 * run. Cells: the labelled corpus plus every notebook under the directory given
 * by `--notebooks DIR` (default `.cache/bench-notebooks`; see README.md).
 *
 * Prints the median and 95th-percentile analysis time per cell, and two ratios
 * against ruff: in-process analysis time, and whole-process wall time of
 * `dual-layout scan` versus `ruff check` over the same notebooks.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GuardAnalyzer, GuardPolicy, GuardScope } from '../../src/core/guard';
import { codeCells } from '../../src/core/guard/notebook';
import { readNotebooks, readPolicy } from '../../src/core/guard/__tests__/corpus';

/** Run from the repository root (run.sh does); the bundle has no useful __dirname. */
const ROOT = process.cwd();
const CORPUS = path.join(ROOT, 'src/core/guard/__tests__/corpus');

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at !== -1 && process.argv[at + 1] ? process.argv[at + 1] : fallback;
}

const notebooksDir = path.resolve(option('notebooks', path.join(ROOT, '.cache/bench-notebooks')));
const ruff = option('ruff', path.join(ROOT, '.venv/bin/ruff'));
const helper = option('helper', '');
const rounds = Number(option('rounds', '5'));

/** Every notebook as its list of code-cell sources: the corpus, then the real-world ones. */
function loadNotebooks(): { name: string; cells: string[] }[] {
  const corpus = readNotebooks(CORPUS).map(cells => ({ name: `corpus-${cells[0].file.replace(/\.py$/, '')}`, cells: cells.map(c => c.source) }));
  const real = fs.existsSync(notebooksDir)
    ? fs
        .readdirSync(notebooksDir)
        .filter(f => f.endsWith('.ipynb'))
        .sort()
        .map(f => ({ name: f.replace(/\.ipynb$/, ''), cells: codeCells(fs.readFileSync(path.join(notebooksDir, f), 'utf8'), f).map(c => c.source) }))
    : [];
  return [...corpus, ...real];
}

/** The same cells as output-free notebooks, so ruff and the CLI read the same bytes. */
function writeNotebooks(notebooks: { name: string; cells: string[] }[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-bench-'));
  for (const { name, cells } of notebooks) {
    const document = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }, language_info: { name: 'python' } },
      cells: cells.map((source, i) => ({ id: `c${i}`, cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source }))
    };
    fs.writeFileSync(path.join(dir, `${name}.ipynb`), JSON.stringify(document));
  }
  return dir;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function wallMs(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function main(): void {
  const notebooks = loadNotebooks();
  const cellCount = notebooks.reduce((n, nb) => n + nb.cells.length, 0);
  const analyzer = new GuardAnalyzer(new GuardPolicy(readPolicy(CORPUS)));
  const perCell: number[] = [];
  let analysisMs = Infinity;
  let findings = 0;
  let failures = 0;
  for (let round = 0; round < rounds; round++) {
    let total = 0;
    const times: number[] = [];
    findings = 0;
    failures = 0;
    for (const { cells } of notebooks) {
      const scope = new GuardScope();
      for (const source of cells) {
        const start = process.hrtime.bigint();
        const analysis = analyzer.analyzeCell(source, scope);
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        times.push(ms);
        total += ms;
        findings += analysis.findings.length;
        failures += analysis.error ? 1 : 0;
      }
    }
    if (total < analysisMs) {
      analysisMs = total;
      perCell.splice(0, perCell.length, ...times);
    }
  }

  const dir = writeNotebooks(notebooks);
  const policyFile = path.join(dir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify(readPolicy(CORPUS)));
  const ruffArgs = ['check', '--no-cache', '--isolated', '--exit-zero', '--quiet', dir];
  const ruffMs = Math.min(...Array.from({ length: rounds }, () => wallMs(() => execFileSync(ruff, ruffArgs, { stdio: 'ignore' }))));
  const lines = [
    `cells: ${cellCount} in ${notebooks.length} notebooks (${notebooks.filter(n => n.name.startsWith('corpus-')).length} from the corpus)`,
    `guard analysis: median ${median(perCell).toFixed(3)} ms/cell, p95 ${percentile(perCell, 0.95).toFixed(3)} ms/cell, total ${analysisMs.toFixed(1)} ms` +
      ` (${findings} findings, ${failures} analysis failures)`,
    `ruff check (whole process, ${rounds} runs, best): ${ruffMs.toFixed(1)} ms = ${(ruffMs / cellCount).toFixed(3)} ms/cell`,
    `ratio guard analysis / ruff: ${(analysisMs / ruffMs).toFixed(2)}`
  ];
  if (helper) {
    const scanArgs = [helper, 'scan', '--policy', policyFile, '--format', 'json', dir];
    const scanMs = Math.min(
      ...Array.from({ length: rounds }, () => wallMs(() => spawnSync(process.execPath, scanArgs, { stdio: 'ignore' })))
    );
    lines.push(`dual-layout scan (whole process, best of ${rounds}): ${scanMs.toFixed(1)} ms; ratio scan / ruff: ${(scanMs / ruffMs).toFixed(2)}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
