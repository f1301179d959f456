/**
 * Write-guard scan time per cell against `ruff check` on the same code, same
 * run. Cells: the labelled corpus plus every notebook under the directory given
 * by `--notebooks DIR` (default `.cache/bench-notebooks`; see README.md).
 *
 * Prints the median and 95th-percentile analysis time per cell, and two ratios
 * against ruff: in-process analysis time, and whole-process wall time of
 * `dual-layout scan` versus `ruff check` over the same notebooks.
 */
import { spawnSync } from 'child_process';
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

interface ProcessTime {
  wallMs: number;
  /** User + system CPU time, from /usr/bin/time; null where it is missing. */
  cpuMs: number | null;
}

/** Run a command and time it; the best of `rounds` runs, since a shared machine only ever slows things down. */
function timeProcess(command: string, args: string[]): ProcessTime {
  const runs: ProcessTime[] = [];
  for (let round = 0; round < rounds; round++) {
    const report = path.join(os.tmpdir(), `guard-bench-time-${process.pid}`);
    const useTime = fs.existsSync('/usr/bin/time');
    const start = process.hrtime.bigint();
    if (useTime) {
      spawnSync('/usr/bin/time', ['-f', '%U %S', '-o', report, command, ...args], { stdio: 'ignore' });
    } else {
      spawnSync(command, args, { stdio: 'ignore' });
    }
    const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
    const cpu = useTime ? fs.readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number) : null;
    runs.push({ wallMs, cpuMs: cpu ? (cpu[0] + cpu[1]) * 1000 : null });
  }
  return {
    wallMs: Math.min(...runs.map(r => r.wallMs)),
    cpuMs: runs[0].cpuMs === null ? null : Math.min(...runs.map(r => r.cpuMs!))
  };
}

function describe(time: ProcessTime): string {
  return `wall ${time.wallMs.toFixed(0)} ms` + (time.cpuMs === null ? '' : `, cpu ${time.cpuMs.toFixed(0)} ms`);
}

function ratio(ours: ProcessTime, theirs: ProcessTime): string {
  const wall = `wall ${(ours.wallMs / theirs.wallMs).toFixed(2)}`;
  return ours.cpuMs === null || theirs.cpuMs === null ? wall : `${wall}, cpu ${(ours.cpuMs / theirs.cpuMs).toFixed(2)}`;
}

function main(): void {
  const notebooks = loadNotebooks();
  const cellCount = notebooks.reduce((n, nb) => n + nb.cells.length, 0);
  const analyzer = new GuardAnalyzer(new GuardPolicy(readPolicy(CORPUS)));
  const perCell: number[] = [];
  let analysisMs = Infinity;
  let analysisCpuMs = Infinity;
  let findings = 0;
  let failures = 0;
  for (let round = 0; round < rounds; round++) {
    let total = 0;
    const times: number[] = [];
    const cpuStart = process.cpuUsage();
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
    const cpu = process.cpuUsage(cpuStart);
    analysisCpuMs = Math.min(analysisCpuMs, (cpu.user + cpu.system) / 1000);
    if (total < analysisMs) {
      analysisMs = total;
      perCell.splice(0, perCell.length, ...times);
    }
  }

  const dir = writeNotebooks(notebooks);
  const policyFile = path.join(dir, 'policy.json');
  fs.writeFileSync(policyFile, JSON.stringify(readPolicy(CORPUS)));
  const ruffTime = timeProcess(ruff, ['check', '--no-cache', '--isolated', '--exit-zero', '--quiet', dir]);
  const ruffMs = ruffTime.wallMs;
  const lines = [
    `cells: ${cellCount} in ${notebooks.length} notebooks (${notebooks.filter(n => n.name.startsWith('corpus-')).length} from the corpus)`,
    `guard analysis: median ${median(perCell).toFixed(3)} ms/cell, p95 ${percentile(perCell, 0.95).toFixed(3)} ms/cell, total ${analysisMs.toFixed(1)} ms` +
      ` (${findings} findings, ${failures} analysis failures)`,
    `ruff check (whole process, best of ${rounds}): ${describe(ruffTime)} = ${(ruffMs / cellCount).toFixed(3)} ms/cell (wall)`,
    `ratio guard analysis (in process, warm) / ruff (whole process): wall ${(analysisMs / ruffMs).toFixed(2)}` +
      (ruffTime.cpuMs === null ? '' : `, cpu ${(analysisCpuMs / ruffTime.cpuMs).toFixed(2)} (guard cpu ${analysisCpuMs.toFixed(0)} ms)`)
  ];
  if (helper) {
    const scanTime = timeProcess(process.execPath, [helper, 'scan', '--policy', policyFile, '--format', 'json', dir]);
    lines.push(`dual-layout scan (whole process, best of ${rounds}): ${describe(scanTime)}; ratio scan / ruff: ${ratio(scanTime, ruffTime)}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
