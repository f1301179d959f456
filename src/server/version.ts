/** The helper's version, checked by the front end at start-up against its own. */
import { version } from '../../package.json';

export const HELPER_VERSION: string = version;
