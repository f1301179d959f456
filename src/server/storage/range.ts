import { ByteRange, StorageError } from './storage';

/** Throw unless `range` is a pair of non-negative safe integers. */
export function checkRange(path: string, range: ByteRange): void {
  const valid = Number.isSafeInteger(range.offset) && Number.isSafeInteger(range.length);
  if (!valid || range.offset < 0 || range.length < 0) {
    throw new StorageError(`cannot read ${path}: invalid byte range offset=${range.offset} length=${range.length}`, path, 'unsupported');
  }
}
