/** Reads the labelled corpus: one notebook per `.py` file, cells split at `# %% write|read`. */
import * as fs from 'fs';
import * as path from 'path';
import type { Policy } from '../../api/wire';

export const CORPUS_DIR = path.join(__dirname, 'corpus');

export interface LabelledCell {
  file: string;
  index: number;
  label: 'write' | 'read';
  source: string;
}

/** The kernel's directory the corpus notebooks run in; the scripts they run live in `corpus/scripts`. */
export const CORPUS_KERNEL_DIR = '/home/jovyan/work';

/** Reads `/home/jovyan/work/<file>` from `corpus/scripts/<file>`, as a kernel in that folder would find it. */
export function readCorpusScript(absolutePath: string, dir = CORPUS_DIR): string | null {
  const prefix = `${CORPUS_KERNEL_DIR}/`;
  if (!absolutePath.startsWith(prefix)) {
    return null;
  }
  const file = path.join(dir, 'scripts', absolutePath.slice(prefix.length));
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
}

export function readPolicy(dir = CORPUS_DIR): Policy {
  return JSON.parse(fs.readFileSync(path.join(dir, 'policy.json'), 'utf8')) as Policy;
}

export function readNotebooks(dir = CORPUS_DIR): LabelledCell[][] {
  return fs
    .readdirSync(dir)
    .filter(name => name.endsWith('.py'))
    .sort()
    .map(file => {
      const cells: LabelledCell[] = [];
      for (const chunk of fs
        .readFileSync(path.join(dir, file), 'utf8')
        .split(/^# %% /m)
        .slice(1)) {
        const newline = chunk.indexOf('\n');
        const label = chunk.slice(0, newline).trim();
        if (label !== 'write' && label !== 'read') {
          throw new Error(`${file}: cell label must be write or read, not ${label}`);
        }
        cells.push({ file, index: cells.length, label, source: chunk.slice(newline + 1).replace(/\n+$/, '') });
      }
      return cells;
    });
}
