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
      for (const chunk of fs.readFileSync(path.join(dir, file), 'utf8').split(/^# %% /m).slice(1)) {
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
