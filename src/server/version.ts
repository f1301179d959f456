/** The helper's version (package.json's, written at build time), checked by the front end at start-up against its own. */
import { PACKAGE_VERSION } from '../core/version.generated';

export const HELPER_VERSION: string = PACKAGE_VERSION;
