/**
 * Test helper: the golden JSON files (written by pyiceberg through
 * tests/golden/make_metadata_fixtures.py) spell values as JSON; this turns
 * them into the internal representation of model.ts.
 */
import * as path from 'path';

export const GOLDEN_DIR = path.join(__dirname, '..', '..', '..', 'server', 'metadata', '__tests__', 'fixtures');

function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], pair => parseInt(pair, 16));
}

/** A golden value of `sourceType` after `transform` in its internal representation. */
export function internalValue(sourceType: string, transform: string, raw: unknown): unknown {
  if (raw === null) {
    return null;
  }
  if (transform !== 'identity' && !transform.startsWith('truncate')) {
    return raw;
  }
  if (['long', 'time', 'timestamp', 'timestamptz'].includes(sourceType) || sourceType.startsWith('decimal')) {
    return BigInt(raw as string | number);
  }
  if (sourceType === 'binary' || sourceType.startsWith('fixed')) {
    return hexToBytes(raw as string);
  }
  return raw;
}
