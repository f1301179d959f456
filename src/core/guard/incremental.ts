/**
 * Re-analysing a notebook each time one cell runs would redo every earlier
 * cell; this keeps each cell's resulting scope and reuses the unchanged prefix.
 */
import type { CellAnalysis, GuardAnalyzer } from './analyzer';
import { GuardScope } from './scope';

interface Entry {
  source: string;
  scopeAfter: GuardScope;
  analysis: CellAnalysis;
}

export class IncrementalAnalysis {
  constructor(
    private readonly _analyzer: GuardAnalyzer,
    private readonly _options: GuardScope.IOptions = {}
  ) {}

  /** The analysis of each of `sources`, each cell seeing what the earlier ones bound. */
  analyze(sources: string[]): CellAnalysis[] {
    let same = 0;
    while (same < sources.length && same < this._entries.length && this._entries[same].source === sources[same]) {
      same++;
    }
    this._entries.length = same;
    const scope = same === 0 ? new GuardScope(this._options) : this._entries[same - 1].scopeAfter.clone();
    for (let i = same; i < sources.length; i++) {
      const analysis = this._analyzer.analyzeCell(sources[i], scope);
      this._entries.push({ source: sources[i], scopeAfter: scope.clone(), analysis });
    }
    return this._entries.map(entry => entry.analysis);
  }

  private _entries: Entry[] = [];
}
