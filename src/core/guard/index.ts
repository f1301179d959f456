/** The write guard: analyse Python/IPython cells for writes to protected tables and paths. */
export { GuardAnalyzer } from './analyzer';
export type { CellAnalysis, GuardFinding } from './analyzer';
export { GuardPolicy } from './policy';
export { GuardScope } from './scope';
export { IncrementalAnalysis } from './incremental';
