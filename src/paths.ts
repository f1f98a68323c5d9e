/** Paths inside the installed package, independent of the user's working directory. */
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** This module's floor: <package>/src from the sources, <package>/dist/src once compiled (npm run build). */
const floor = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
/** True when running the compiled JavaScript in dist/ (the published package and the bin). */
export const COMPILED = path.basename(floor) === 'dist';
export const PACKAGE_ROOT = COMPILED ? path.dirname(floor) : floor;
export const packagePath = (...parts: string[]): string => path.join(PACKAGE_ROOT, ...parts);
