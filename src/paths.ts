/** Paths inside the installed package, independent of the user's working directory. */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const PACKAGE_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
export const packagePath = (...parts: string[]): string => path.join(PACKAGE_ROOT, ...parts);
