import { GuardAnalyzer, GuardPolicy, GuardScope } from '../index';
import { CORPUS_KERNEL_DIR, readCorpusScript, readNotebooks, readPolicy } from './corpus';

describe('GuardAnalyzer', () => {
  describe('#analyzeNotebook on the labelled corpus', () => {
    const analyzer = new GuardAnalyzer(new GuardPolicy(readPolicy()));
    const notebooks = readNotebooks();
    const results = notebooks.map(cells => ({
      cells,
      analyses: analyzer.analyzeNotebook(
        cells.map(c => c.source),
        new GuardScope({ cwd: CORPUS_KERNEL_DIR, readScript: p => readCorpusScript(p) })
      )
    }));
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const mistakes: string[] = [];
    for (const { cells, analyses } of results) {
      cells.forEach((cell, i) => {
        const flagged = analyses[i].findings.length > 0;
        if (flagged && cell.label === 'write') truePositives++;
        if (flagged && cell.label === 'read') {
          falsePositives++;
          mistakes.push(`false positive ${cell.file} cell ${cell.index}: ${JSON.stringify(analyses[i].findings)}`);
        }
        if (!flagged && cell.label === 'write') {
          falseNegatives++;
          mistakes.push(`missed ${cell.file} cell ${cell.index}:\n${cell.source}`);
        }
      });
    }
    const precision = truePositives / Math.max(1, truePositives + falsePositives);
    const recall = truePositives / Math.max(1, truePositives + falseNegatives);
    const total = notebooks.reduce((n, cells) => n + cells.length, 0);

    it('should have at least 200 labelled cells, about two thirds writes', () => {
      const writes = notebooks.flat().filter(c => c.label === 'write').length;
      expect(total).toBeGreaterThanOrEqual(200);
      expect(writes / total).toBeGreaterThan(0.55);
      expect(writes / total).toBeLessThan(0.75);
    });

    it('should never fail to analyse a cell', () => {
      const errors = results.flatMap(r => r.analyses.filter(a => a.error).map(a => a.error));
      expect(errors).toEqual([]);
    });

    it('should reach 100% precision and recall', () => {
      console.log(
        `write guard corpus: ${total} cells, precision ${(precision * 100).toFixed(1)}%, recall ${(recall * 100).toFixed(1)}%` +
          ` (tp ${truePositives}, fp ${falsePositives}, fn ${falseNegatives})` +
          (mistakes.length ? `\n${mistakes.join('\n')}` : '')
      );
      expect(mistakes).toEqual([]);
      expect(precision).toBe(1);
      expect(recall).toBe(1);
    });
  });
});
