/**
 * Small building blocks of the details view's sections: a titled section, a
 * fact list, a plain table, paths that wrap only at `/`, and the formats of
 * times, sizes and counts.
 */
import { h, VirtualElement } from '@lumino/virtualdom';

export type Content = VirtualElement | string;

export function section(title: string, name: string, ...content: Content[]): VirtualElement {
  return h.section(
    { className: `jp-DualLayout-Section jp-DualLayout-Section-${name}`, 'aria-label': title },
    h.h2({ className: 'jp-DualLayout-SectionTitle' }, title),
    ...content
  );
}

export function fact(term: string, value: Content): VirtualElement[] {
  return [h.dt(term), h.dd(value)];
}

export function table(headers: string[], rows: Content[][]): VirtualElement {
  return h.table(
    { className: 'jp-DualLayout-Table' },
    h.thead(h.tr(...headers.map(header => h.th({ scope: 'col' }, header)))),
    h.tbody(...rows.map(cells => h.tr(...cells.map(cell => h.td(cell)))))
  );
}

/**
 * A path or URI in code type that the browser may break after a `/` (runs of slashes stay
 * together) and nowhere else: each segment is unbreakable (not even at its hyphens), with a
 * `<wbr>` between segments, so no file or partition name is ever split.
 */
export function pathElement(path: string): VirtualElement {
  const pieces = path.split(/(?<=\/)(?!\/)/);
  return h.code(
    { className: 'jp-DualLayout-Path' },
    ...pieces.flatMap((piece, index) => {
      const segment = h.span({ className: 'jp-DualLayout-PathSegment' }, piece);
      return index < pieces.length - 1 ? [segment, h.wbr()] : [segment];
    })
  );
}

export function formatTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

export { formatBytes } from '../../core/bytes';

/** One formatter for every count: `toLocaleString` builds a new one per call, slow for thousands of bars. */
const COUNT_FORMAT = new Intl.NumberFormat();

export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}
