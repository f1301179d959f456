/** Read-only table storage: the interface, its backends and the scheme registry. */
export * from './storage';
export { LocalStorage } from './local';
export { S3Storage } from './s3/s3Storage';
export { resolveS3Config, S3ConfigError } from './s3/config';
export type { S3Config, S3Credentials } from './s3/config';
export { resolveStorage, StorageRouter, STORAGE_FACTORIES } from './registry';
export type { StorageFactory, StorageOptions } from './registry';
