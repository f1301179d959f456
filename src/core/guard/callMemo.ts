/** Memoised calls to functions defined in the notebook: the same arguments replay the same effects. */
import type { RuleContext } from './rules/rule';
import type { Value } from './values';

/** Work shared by a cell's evaluators: calls to notebook functions are costly, so they are memoised and capped. */
export interface CallMemo {
  results: Map<string, { value: Value; effects: Effect[] }>;
  ids: WeakMap<object, number>;
  nextId: number;
  /** Function bodies evaluated so far in this cell. */
  evaluations: number;
}

/** What a function call did through the rule context, to replay on a memoised call. */
export type Effect = { kind: 'report'; write: Parameters<RuleContext['report']>[0] } | { kind: 'sql' | 'shell'; text: string };

/** Past this many function-body evaluations in one cell, calls are no longer followed. */
export const MAX_EVALUATIONS = 500;

export function newCallMemo(): CallMemo {
  return { results: new Map(), ids: new WeakMap(), nextId: 0, evaluations: 0 };
}

/** A short key for what the analyzer knows about an argument. */
export function summarise(value: Value): string {
  switch (value.kind) {
    case 'str':
    case 'path':
      return `${value.kind}:${value.text}`;
    case 'symbol':
      return `symbol:${value.name}`;
    case 'number':
      return `number:${value.value}`;
    case 'object':
      return `object:${value.type}:${Object.entries(value.data)
        .map(([k, v]) => `${k}=${summarise(v)}`)
        .join(',')}`;
    case 'list':
      return `list:[${value.items.map(summarise).join(',')}]${value.element ? summarise(value.element) : ''}`;
    default:
      return value.kind;
  }
}
