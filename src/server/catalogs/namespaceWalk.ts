/**
 * The one walk of a catalog's namespace tree, for every caller that needs
 * all of a catalog's tables (`dual-layout list`, `check`, `scan --catalog`,
 * the sidebar's table index) and for the API's one-level listing.
 *
 * A catalog's answers are input from outside and the walk ends whatever
 * they are:
 * - a child must be a strict descendant of its parent (`a` → `a.b`); one
 *   that is not (the parent itself, an ancestor, a sibling: how a cycle
 *   `a → b → a` shows up with full identifiers) is skipped and reported;
 * - each namespace is visited once;
 * - at most `maxDepth` levels and `maxNamespaces` namespaces are visited,
 *   the rest is reported, so a catalog that invents ever deeper children
 *   (`a.a.a…`) stops too.
 * A namespace whose tables or children cannot be listed is a failure of that
 * namespace; the rest of the walk goes on.
 */
import { forEachLimited } from '../../core/concurrency';
import type { Catalog } from './catalog';

export const MAX_NAMESPACE_DEPTH = 32;
export const MAX_NAMESPACES = 50_000;
/** Namespaces listed at once: REST round trips dominate a walk. */
const WALK_CONCURRENCY = 8;

export interface SkippedNamespace {
  namespace: string[];
  /** The namespace whose listing named it; null for the catalog's top level. */
  parent: string[] | null;
  reason: string;
}

export interface NamespaceFailure {
  namespace: string[];
  /** What could not be listed there. */
  listing: 'tables' | 'namespaces';
  error: Error;
}

export interface CatalogTable {
  namespace: string[];
  name: string;
}

export interface CatalogWalk {
  /** Sorted by namespace, then name. */
  tables: CatalogTable[];
  skipped: SkippedNamespace[];
  failures: NamespaceFailure[];
}

export interface WalkOptions {
  maxDepth?: number;
  maxNamespaces?: number;
}

/** The children `catalog` lists under `parent` (`[]`: the top level) that really are below it, and what it named besides. */
export async function childNamespaces(catalog: Catalog, parent: string[] = []): Promise<{ children: string[][]; skipped: SkippedNamespace[] }> {
  const listed = await catalog.listNamespaces(parent);
  const children: string[][] = [];
  const skipped: SkippedNamespace[] = [];
  const seen = new Set<string>();
  for (const child of listed) {
    const reason = notAChildReason(child, parent);
    if (reason !== null) {
      skipped.push({ namespace: child, parent: parent.length > 0 ? parent : null, reason });
    } else if (!seen.has(keyOf(child))) {
      seen.add(keyOf(child));
      children.push(child);
    }
  }
  return { children, skipped };
}

/**
 * Every table of `catalog`, breadth-first. Throws only when the top level
 * cannot be listed (the catalog is unreachable); anything below is a failure
 * of its namespace.
 */
export async function walkCatalog(catalog: Catalog, options: WalkOptions = {}): Promise<CatalogWalk> {
  const maxDepth = options.maxDepth ?? MAX_NAMESPACE_DEPTH;
  const maxNamespaces = options.maxNamespaces ?? MAX_NAMESPACES;
  const tables: CatalogTable[] = [];
  const failures: NamespaceFailure[] = [];
  const top = await childNamespaces(catalog);
  const skipped = [...top.skipped];
  const visited = new Set<string>();
  let level = top.children;
  for (let depth = 1; level.length > 0; depth++) {
    const visiting: string[][] = [];
    const beyond: string[][] = [];
    for (const namespace of level) {
      if (visited.has(keyOf(namespace))) {
        continue;
      }
      visited.add(keyOf(namespace));
      (depth <= maxDepth && visited.size <= maxNamespaces ? visiting : beyond).push(namespace);
    }
    if (beyond.length > 0) {
      const limit = depth > maxDepth ? `${maxDepth} levels deep` : `${maxNamespaces} namespaces`;
      skipped.push(boundSkip(beyond, `the walk stops at ${limit}`));
    }
    const next: string[][] = [];
    await forEachLimited(visiting, WALK_CONCURRENCY, async namespace => {
      const [names, children] = await Promise.allSettled([catalog.listTables(namespace), childNamespaces(catalog, namespace)]);
      if (names.status === 'fulfilled') {
        tables.push(...names.value.map(name => ({ namespace, name })));
      } else {
        failures.push({ namespace, listing: 'tables', error: asError(names.reason) });
      }
      if (children.status === 'fulfilled') {
        skipped.push(...children.value.skipped);
        next.push(...children.value.children);
      } else {
        failures.push({ namespace, listing: 'namespaces', error: asError(children.reason) });
      }
    });
    level = next;
  }
  tables.sort((a, b) => compareNamespaces(a.namespace, b.namespace) || compareText(a.name, b.name));
  return { tables, skipped, failures };
}

/** One line for a person: `namespace 'a' listed under 'a': …`. */
export function describeSkipped(skip: SkippedNamespace): string {
  const where = skip.parent ? ` listed under '${skip.parent.join('.')}'` : ' listed at the top level';
  return `skipped namespace '${skip.namespace.join('.')}'${where}: ${skip.reason}`;
}

function notAChildReason(child: unknown, parent: string[]): string | null {
  if (!Array.isArray(child) || child.length === 0 || child.some(part => typeof part !== 'string')) {
    return 'not a namespace identifier (a non-empty list of names)';
  }
  if (child.length <= parent.length || !parent.every((part, i) => child[i] === part)) {
    const same = child.length === parent.length && parent.every((part, i) => child[i] === part);
    return same ? 'the namespace lists itself as its own child' : 'not below the namespace that lists it (a cycle?)';
  }
  return null;
}

/** One entry for what a bound cut off: the first namespace it left out, and how many in all. */
function boundSkip(beyond: string[][], reason: string): SkippedNamespace {
  const first = beyond[0];
  const others = beyond.length > 1 ? ` (${beyond.length} namespaces at this level not visited)` : '';
  return { namespace: first, parent: first.length > 1 ? first.slice(0, -1) : null, reason: `${reason}${others}` };
}

function keyOf(namespace: string[]): string {
  return JSON.stringify(namespace);
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}

function compareNamespaces(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = compareText(a[i], b[i]);
    if (order !== 0) {
      return order;
    }
  }
  return a.length - b.length;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
