/**
 * What a repair does, decided read-only from a verdict and the table's metadata: for every
 * row-changing finding its remedy (remedies.ts), scoped to the partitions and files concerned
 * (scope.ts), with the snapshots that still reference what would be removed (references.ts).
 * The steps come in a safe order: rewrites, then expiry, then removal. A branch's or tag's head
 * is never expired; history is dropped only with `why` naming the snapshots.
 */
import type { Finding, FindingKind, UnrepairableFinding, Verdict } from '../../core/api/wire';
import type { ManifestEntry, SnapshotId, TableMetadata } from '../../core/iceberg/model';
import type { FileRef, RepairAction } from '../../core/repair/actions';
import { dataRootOf } from '../../core/iceberg/dataRoot';
import { formatBytes } from '../../core/bytes';
import { isUnder } from '../../core/uri';
import type { LiveFilePlanner } from '../verifier/verifier';
import { locationKey } from '../verifier/views';
import { snapshotReferences, type RefHead, type SnapshotReferences } from './references';
import { isMergeOnRead, PINNED_READ, remedyOf } from './remedies';
import { liveIndex, rewriteScope, type RewriteScope } from './scope';
import { count } from './words';

export interface DecideRequest {
  metadata: TableMetadata;
  verdict: Verdict;
  /** Live data and delete entries of the verdict's snapshot. */
  live: ManifestEntry[];
  planFiles: LiveFilePlanner;
  keepHistory: boolean;
  /** The size of a file no manifest records (an orphan), from storage; orphans count 0 bytes without it. */
  sizeOf?: (path: string) => Promise<number | null>;
  signal?: AbortSignal;
}

/** A decided step: the action, and the plain words about it. */
export interface DecidedStep {
  title: string;
  why: string;
  findings: FindingKind[];
  action: RepairAction;
}

export interface Decision {
  steps: DecidedStep[];
  unrepairable: UnrepairableFinding[];
  /** Recommendations that change nothing now; rendered with the table's name by the caller. */
  copyOnWrite: boolean;
}

export const COW_MODES = ['write.delete.mode', 'write.update.mode', 'write.merge.mode'];

export async function decideRepair(request: DecideRequest): Promise<Decision> {
  const { metadata, verdict } = request;
  const rowFindings = verdict.findings.filter(f => f.changesRows);
  const decision: Decision = { steps: [], unrepairable: [], copyOnWrite: rowFindings.some(isMergeOnRead) };
  if (rowFindings.length === 0) {
    return decision;
  }
  if (verdict.snapshot !== (metadata.currentSnapshotId ?? null)) {
    decision.unrepairable.push(notCurrent(verdict, rowFindings));
    return decision;
  }
  const stale: Finding[] = [];
  let rewrites: Finding[] = [];
  for (const finding of rowFindings) {
    const remedy = remedyOf(finding);
    if (remedy.kind === 'stale') {
      stale.push(finding);
    } else if (remedy.kind === 'rewrite') {
      rewrites.push(finding);
    } else if (remedy.kind === 'refused') {
      addUnrepairable(decision.unrepairable, [finding], remedy.reason, remedy.alternative);
    }
  }
  // A leftover that is also Dask's first file is removed, not rewritten.
  const stalePaths = new Set(stale.map(f => locationKey(f.path)));
  rewrites = rewrites.filter(f => !stalePaths.has(locationKey(f.path)));
  if (rewrites.some(f => f.cause === 'older-schema-file')) {
    // Files with a lossless promotion change no rows today, but one of them may become Dask's first
    // file (whose types Dask takes) once the others are rewritten: rewrite every older-schema file.
    // A first file showing a dropped column was written under an older schema too: Dask takes its columns from it.
    rewrites.push(...verdict.findings.filter(f => !f.changesRows && (f.cause === 'older-schema-file' || f.cause === 'dropped-column')));
  }
  const scope = rewrites.length > 0 ? planRewrite(request, rewrites, decision.unrepairable) : null;
  const replaced = scope ? [...scope.action.files.map(f => f.path), ...scope.deleteFiles.map(e => e.dataFile.filePath)] : [];
  const references = await snapshotReferences(metadata, request.planFiles, [...stale.map(f => f.path), ...replaced], { signal: request.signal });
  const removal = new Removal(metadata, request.keepHistory, references, scope !== null, request.live);
  for (const finding of stale) {
    removal.stale(finding);
  }
  if (scope) {
    removal.replaced(scope, rewrites);
    decision.steps.push(rewriteStep(scope, rewrites));
  }
  decision.steps.push(...removal.steps());
  decision.unrepairable.push(...removal.unrepairable);
  await sizeOrphans(decision.steps, request.sizeOf);
  return decision;
}

/** Orphans are in no manifest: their sizes come from storage (a stat each), so the script reports true bytes. */
async function sizeOrphans(steps: DecidedStep[], sizeOf: DecideRequest['sizeOf']): Promise<void> {
  if (!sizeOf) {
    return;
  }
  for (const step of steps) {
    for (const file of step.action.kind === 'remove-files' ? step.action.files : []) {
      if (file.bytes === 0) {
        file.bytes = (await sizeOf(file.path)) ?? 0;
      }
    }
  }
}

/** The plan's snapshot is not main's head: a rewrite commits to main, and Dask reads main's tree. */
function notCurrent(verdict: Verdict, findings: Finding[]): UnrepairableFinding {
  return {
    findings: kindsOf(findings),
    paths: findings.map(f => f.path),
    reason: `The plan is for snapshot ${verdict.snapshot}, which is not the table's current snapshot: repairs commit to the main branch, and no change to main makes Dask's view equal an older snapshot or another branch.`,
    alternative: `${PINNED_READ} Or plan the current snapshot (dual-layout repair without --snapshot).`
  };
}

function planRewrite(request: DecideRequest, rewrites: Finding[], unrepairable: UnrepairableFinding[]): RewriteScope | null {
  const format = (request.metadata.properties['write.format.default'] ?? 'parquet').toLowerCase();
  if (format !== 'parquet') {
    addUnrepairable(
      unrepairable,
      rewrites,
      `The table writes ${format} files (write.format.default), which Dask does not read, so rewriting cannot fix these files.`,
      PINNED_READ
    );
    return null;
  }
  if (request.keepHistory) {
    addUnrepairable(
      unrepairable,
      rewrites,
      'These files can only be fixed by a rewrite, and with --keep-history the snapshots before it keep referencing the replaced files, which stay in the tree where Dask reads them.',
      `${PINNED_READ} Or plan without --keep-history.`
    );
    return null;
  }
  const scope = rewriteScope(request.metadata, liveIndex(request.live), rewrites);
  const unscoped = scope?.unscoped ?? rewrites;
  if (unscoped.length > 0) {
    // Fail closed: a finding no step removes is said, never dropped.
    addUnrepairable(
      unrepairable,
      unscoped,
      'No live file of the snapshot could be found for these findings, so no rewrite can be scoped to them.',
      PINNED_READ
    );
  }
  return scope;
}

function rewriteStep(scope: RewriteScope, findings: Finding[]): DecidedStep {
  const { action } = scope;
  const bytes = action.files.reduce((sum, f) => sum + f.bytes, 0);
  const where = scope.wholeTable
    ? `the whole table (${scope.wholeTable})`
    : `${count(action.partitions.length, 'partition')} (${action.partitions.join(', ')})`;
  const reasons = [...new Set(findings.map(f => REWRITE_REASONS[f.cause ?? ''] ?? f.detail))];
  return {
    title: scope.wholeTable ? 'Rewrite the whole table' : `Rewrite ${count(action.partitions.length, 'partition')}`,
    why:
      `Some live files ${reasons.join('; ')}. Rewriting ${where} writes the rows of ${scope.wholeTable ? 'its' : 'their'} ${count(action.files.length, 'live file')} ` +
      `(${formatBytes(bytes)}) again under the current schema, partition spec and data root, applies merge-on-read deletes and drops the delete files left dangling. Iceberg's rows do not change; the replaced files stay in the tree until the next steps.`,
    findings: kindsOf(findings),
    action
  };
}

const REWRITE_REASONS: Record<string, string> = {
  'outside-root': 'sit outside the data root, where Dask does not list them',
  'not-parquet-name': 'have names Dask does not list as Parquet',
  'merge-on-read-delete': 'have rows deleted by position or equality delete files, which Dask cannot apply',
  'deletion-vector': 'have rows deleted by deletion vectors, which Dask cannot apply',
  'misplaced-file': 'sit in directories that disagree with their partition, so Dask filters pick the wrong files',
  'older-spec-file': 'were written under an older partition spec whose directories lack keys Dask expects',
  'older-schema-file': 'were written under an older schema (renamed, dropped and re-added, promoted or missing columns)',
  'unstored-partition-column': 'do not store a partition column, which Dask then reads from directory names with another type'
};

/**
 * Decides removal: orphans are removed; files older snapshots hold are removed once exactly those
 * snapshots are expired; files a branch or tag head holds stay, and say so.
 */
class Removal {
  readonly unrepairable: UnrepairableFinding[] = [];
  private readonly expire = new Map<SnapshotId, Set<string>>();
  private readonly orphans: FileRef[] = [];
  /** Files in the data root the expiry frees: removed afterwards if Spark left them. */
  private readonly freed: FileRef[] = [];
  /** Replaced files outside the data root: Spark's expiry deletes them too (Iceberg owns every file it added). */
  private readonly freedOutside: FileRef[] = [];
  private readonly dataRoot: string;
  /** The data root with its trailing slash as a live file's recorded path spells it; `null` when no live file is in it. */
  private readonly rootSpelling: string | null = null;
  private freedStale = 0;
  /** The finding kinds the expiry and removal finish removing: leftovers, and what the rewrite fixes. */
  private readonly kinds = new Set<FindingKind>();

  constructor(
    private readonly metadata: TableMetadata,
    private readonly keepHistory: boolean,
    private readonly references: SnapshotReferences,
    /** A rewrite moves main on, so its current snapshot is no longer a head afterwards. */
    private readonly mainMoves: boolean,
    live: ManifestEntry[]
  ) {
    this.dataRoot = dataRootOf(metadata);
    const root = `${locationKey(this.dataRoot)}/`;
    for (const entry of live) {
      const key = locationKey(entry.dataFile.filePath);
      const raw = entry.dataFile.filePath;
      const relative = key.slice(root.length);
      if (key.startsWith(root) && raw.endsWith(`/${relative}`)) {
        this.rootSpelling = raw.slice(0, raw.length - relative.length);
        break;
      }
    }
  }

  stale(finding: Finding): void {
    const refs = this.references.of(finding.path);
    // The script compares paths with all_files and deletes through the table's FileIO: spell them as Iceberg does.
    const file = { path: refs.recorded ?? this.asTableLocation(finding.path), bytes: refs.bytes };
    if (refs.snapshots.length === 0) {
      this.orphans.push(file);
      this.kinds.add(finding.kind);
      return;
    }
    const heads = this.blockingHeads(refs.snapshots);
    if (heads.length > 0) {
      addUnrepairable(
        this.unrepairable,
        [finding],
        `Dask reads this leftover, and ${describeHeads(heads)} still ${heads.length === 1 ? 'holds' : 'hold'} it: the head of a branch or tag is never expired.`,
        HELD_BY_HEAD
      );
      return;
    }
    if (this.keepHistory) {
      addUnrepairable(
        this.unrepairable,
        [finding],
        `${snapshotsReference(refs.snapshots)} this leftover, and --keep-history keeps ${refs.snapshots.length === 1 ? 'it' : 'them'}: the file stays where Dask reads it.`,
        PINNED_READ
      );
      return;
    }
    for (const id of refs.snapshots) {
      this.expireFor(id, finding.path);
    }
    this.freed.push(file);
    this.freedStale++;
    this.kinds.add(finding.kind);
  }

  /** The files a rewrite replaces: every snapshot that holds one (the current one included) is expired, then they are removed. */
  replaced(scope: RewriteScope, findings: Finding[]): void {
    // Deletion vectors share their Puffin file: one entry each, one file.
    const deletes = new Map(scope.deleteFiles.map(e => [locationKey(e.dataFile.filePath), { path: e.dataFile.filePath, bytes: e.dataFile.fileSizeInBytes }]));
    const files = [...scope.action.files, ...deletes.values()];
    kindsOf(findings).forEach(kind => this.kinds.add(kind));
    const held: { file: FileRef; heads: RefHead[] }[] = [];
    for (const file of files) {
      const refs = this.references.of(file.path);
      const heads = this.blockingHeads(refs.snapshots);
      if (heads.length > 0) {
        held.push({ file, heads });
        continue;
      }
      refs.snapshots.forEach(id => this.expireFor(id, file.path));
      (isUnder(this.dataRoot, file.path) ? this.freed : this.freedOutside).push(file);
    }
    if (held.length > 0) {
      const heads = [...new Map(held.flatMap(h => h.heads).map(h => [h.name, h])).values()];
      addUnrepairable(
        this.unrepairable,
        findings,
        `The rewrite replaces ${count(held.length, 'file')} that ${describeHeads(heads)} still ${heads.length === 1 ? 'holds' : 'hold'}: ${held.length === 1 ? 'it stays' : 'they stay'} in the tree where Dask reads ${held.length === 1 ? 'it' : 'them'}.`,
        HELD_BY_HEAD,
        held.map(h => h.file.path)
      );
    }
  }

  steps(): DecidedStep[] {
    const steps: DecidedStep[] = [];
    if (this.expire.size > 0) {
      const ids = [...this.expire.keys()];
      const files = [...this.freed, ...this.freedOutside];
      const what = [this.freedStale > 0 ? 'leftovers Dask reads' : '', this.mainMoves ? 'the files the rewrite replaces' : ''].filter(Boolean).join(' and ');
      const outside =
        this.freedOutside.length > 0
          ? ` Spark also deletes ${count(this.freedOutside.length, 'replaced file')} outside the data root (Dask never read them; Iceberg owns every file added to the table).`
          : '';
      steps.push({
        title: `Expire ${count(ids.length, 'snapshot')}`,
        why:
          `${snapshotsReference(ids)} ${what} (${count(this.freed.length, 'file')} in the data root). ` +
          `Expiring exactly ${ids.length === 1 ? 'this snapshot' : 'these snapshots'} lets Spark delete the files no retained snapshot references; time travel to ${ids.length === 1 ? 'it' : 'them'} is lost.${outside} ` +
          'Snapshots a branch or tag points at are never expired, and no staged snapshot is published.',
        findings: [...this.kinds],
        action: { kind: 'expire', snapshotIds: ids, files }
      });
    }
    const remove = [...this.orphans, ...this.freed];
    if (remove.length > 0) {
      const orphanNote =
        this.orphans.length > 0 ? `${count(this.orphans.length, 'file')} no snapshot references (${this.orphans.length === 1 ? 'an orphan' : 'orphans'})` : '';
      const freedNote = this.freed.length > 0 ? `${count(this.freed.length, 'file')} the expiry frees` : '';
      steps.push({
        title: `Remove ${count(remove.length, 'file')} nothing references`,
        why:
          `Dask reads ${[orphanNote, freedNote].filter(Boolean).join(' and ')} from the data root. ` +
          'Each is deleted through the table\u2019s FileIO only if all_files (every retained snapshot, branch and tag) does not reference it at run time; a file already deleted by the expiry is skipped.',
        findings: [...this.kinds],
        action: { kind: 'remove-files', files: remove }
      });
    }
    return steps;
  }

  /** A listed path spelled as the table's manifests spell files in the data root (`file:///…`, `/…`). */
  private asTableLocation(path: string): string {
    const root = `${locationKey(this.dataRoot)}/`;
    const key = locationKey(path);
    return key.startsWith(root) && this.rootSpelling !== null ? `${this.rootSpelling}${key.slice(root.length)}` : path;
  }

  /** Refs other than main whose head is among `snapshots`; main's head too unless a rewrite moves main on. */
  private blockingHeads(snapshots: SnapshotId[]): RefHead[] {
    return snapshots.flatMap(id =>
      this.references.headsAt(id).filter(head => !(this.mainMoves && head.name === 'main' && id === this.metadata.currentSnapshotId))
    );
  }

  private expireFor(id: SnapshotId, path: string): void {
    let files = this.expire.get(id);
    if (!files) {
      files = new Set();
      this.expire.set(id, files);
    }
    files.add(locationKey(path));
  }
}

const HELD_BY_HEAD = `${PINNED_READ} Or re-run the plan after the branch is dropped or fast-forwarded, or the tag is removed.`;

/** `Snapshot 1 still references` / `Snapshots 1, 2 still reference`. */
function snapshotsReference(ids: SnapshotId[]): string {
  return ids.length === 1 ? `Snapshot ${ids[0]} still references` : `Snapshots ${ids.join(', ')} still reference`;
}

function describeHeads(heads: RefHead[]): string {
  const names = [...new Set(heads.map(h => `${h.type} ${h.name}`))];
  return names.join(', ');
}

function addUnrepairable(list: UnrepairableFinding[], findings: Finding[], reason: string, alternative: string, paths?: string[]): void {
  const existing = list.find(u => u.reason === reason && u.alternative === alternative);
  const newPaths = paths ?? findings.map(f => f.path);
  if (existing) {
    existing.findings = [...new Set([...existing.findings, ...kindsOf(findings)])];
    existing.paths = [...new Set([...existing.paths, ...newPaths])];
    return;
  }
  list.push({ findings: kindsOf(findings), paths: [...new Set(newPaths)], reason, alternative });
}

function kindsOf(findings: Finding[]): FindingKind[] {
  return [...new Set(findings.map(f => f.kind))];
}
