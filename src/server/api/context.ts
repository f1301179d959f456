/**
 * Everything the helper's routes share: configured catalogs, the table
 * index per catalog, cached metadata and verdicts, running checks.
 * Built once per helper process from `.pyiceberg.yaml` and admin settings.
 */
import { CheckManager } from './checks';

export interface ContextOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export class HelperContext {
  readonly checks: CheckManager;

  private constructor(readonly options: ContextOptions) {
    this.checks = new CheckManager(async table => {
      throw new Error(`Checking ${table} is not available in this build`);
    });
  }

  static async create(options: ContextOptions): Promise<HelperContext> {
    return new HelperContext(options);
  }

  redact = (message: string): string => message;

  async dispose(): Promise<void> {
    this.checks.cancelAll();
  }
}
