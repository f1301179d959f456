/**
 * What the analyzer knows about a Python value: a (partly) known string, a
 * pathlib path, a dotted symbol (module, function or unresolved global), a
 * library object such as a Spark writer or an S3 bucket, or nothing.
 */
import type { SyntaxNode } from '@lezer/common';
import { HOLE } from './paths';

export type Value =
  /** A str, possibly with unresolved parts marked by HOLE. */
  | { kind: 'str'; text: string }
  /** A pathlib / UPath object. */
  | { kind: 'path'; text: string }
  /** A module, one of its attributes, or a global the cell never bound: `os.path.join`, `spark`. */
  | { kind: 'symbol'; name: string }
  /** A library object the rules recognise; `type` names it, `data` carries what it points at. */
  | { kind: 'object'; type: string; data: Record<string, Value> }
  | { kind: 'list'; items: Value[]; /** Every item of a listing whose length is unknown. */ element?: Value }
  | { kind: 'dict'; entries: Map<string, Value> }
  /** An attribute of a value, not yet called: `df.to_parquet`. */
  | { kind: 'bound'; self: Value; name: string }
  /**
   * A function defined in the notebook; `node` is null until a call needs its body (see `skim`).
   * A lambda's `node` is its expression, the value of a call; a class's is its `__init__`'s body,
   * run with `self` to make an instance holding what it binds on `self`.
   */
  | { kind: 'function'; name: string; node: SyntaxNode | null; source: string; params: string[]; form?: 'lambda' | 'class' }
  | { kind: 'number'; value: number }
  | { kind: 'unknown' };

export const UNKNOWN: Value = { kind: 'unknown' };

/** The object type of an instance of a class the notebook defines. */
export const INSTANCE = 'instance';

export function str(text: string): Value {
  return { kind: 'str', text };
}

export function object(type: string, data: Record<string, Value> = {}): Value {
  return { kind: 'object', type, data };
}

/** The string a value stands for, with HOLE for what is unknown, or null if it is not string-like. */
export function textOf(value: Value | undefined): string | null {
  if (!value) {
    return null;
  }
  switch (value.kind) {
    case 'str':
    case 'path':
      return value.text;
    case 'number':
      return String(value.value);
    default:
      return null;
  }
}

/** Like textOf, but anything unknown becomes a HOLE, for interpolation. */
export function interpolate(value: Value | undefined): string {
  return textOf(value) ?? HOLE;
}

export type ObjectValue = Extract<Value, { kind: 'object' }>;

/** A type check that narrows only when true: other object types stay possible when false. */
export function isObject(value: Value | null | undefined, type: string): value is ObjectValue & { readonly checked?: typeof type } {
  return value?.kind === 'object' && value.type === type;
}

/** Join path parts the way os.path.join / pathlib do: an absolute or URL part restarts. */
export function joinPath(parts: string[]): string {
  let out = '';
  for (const part of parts) {
    if (part.startsWith('/') || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(part) || out === '') {
      out = part;
    } else {
      out = out.endsWith('/') ? out + part : `${out}/${part}`;
    }
  }
  return out;
}
