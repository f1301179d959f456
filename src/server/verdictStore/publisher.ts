/**
 * Writing published verdicts (`dual-layout check --publish LOCATION`): the
 * one place the product writes anything, and only below LOCATION. A local
 * entry is written to a temporary file in the store and renamed over the
 * entry, so a reader sees the old entry or the new one, never half of one;
 * an S3 entry is one PutObject (S3 shows whole objects only) through
 * `S3ObjectWriter`, the S3 write path that table storage never holds.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Verdict } from '../../core/api/wire';
import { uriScheme } from '../../core/uri';
import { S3ObjectWriter } from '../storage/s3/objectWriter';
import { HELPER_VERSION } from '../version';
import { entryLocation, type PublishedVerdict, serializeEntry } from './entry';
import { storeLocation } from './location';

export interface PublisherOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Recorded as `producedBy`; `user@host` when not given. */
  producedBy?: string;
}

export class VerdictPublisher {
  readonly location: string;
  readonly producedBy: string;

  constructor(location: string, options: PublisherOptions) {
    this.location = storeLocation(location, options.cwd);
    this.producedBy = options.producedBy?.trim() || defaultProducer();
    this.write = uriScheme(this.location) === 's3' ? s3Writer(this.location, options.env) : localWrite;
  }

  /** Publish `verdict` (computed from `metadataLocation`); returns where the entry was written. */
  async publish(verdict: Verdict, metadataLocation: string, producedAt: Date = new Date()): Promise<string> {
    const { published: _, ...own } = verdict;
    const entry: PublishedVerdict = {
      ...own,
      metadataLocation,
      producedAt: producedAt.toISOString(),
      producedBy: this.producedBy,
      helperVersion: HELPER_VERSION
    };
    const where = entryLocation(this.location, metadataLocation);
    await this.write(where, serializeEntry(entry));
    return where;
  }

  private readonly write: (where: string, bytes: Uint8Array) => Promise<void>;
}

function defaultProducer(): string {
  let user: string;
  try {
    user = os.userInfo().username;
  } catch {
    user = process.env.USER ?? 'unknown';
  }
  return `${user}@${os.hostname()}`;
}

async function localWrite(where: string, bytes: Uint8Array): Promise<void> {
  await fs.promises.mkdir(path.dirname(where), { recursive: true });
  const temporary = `${where}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
  try {
    await fs.promises.writeFile(temporary, bytes, { flag: 'wx', mode: 0o644 });
    await fs.promises.rename(temporary, where);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
}

function s3Writer(location: string, env: NodeJS.ProcessEnv): (where: string, bytes: Uint8Array) => Promise<void> {
  const writer = new S3ObjectWriter(location, { env });
  return (where, bytes) => writer.put(where, bytes);
}
