/** `1 file`, `3 files`: counts in the plan's plain words. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
