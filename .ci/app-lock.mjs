// Writes the package-lock.json of an app that depends only on the packed tarball, from this repository's own
// lock file (the tarball's dependencies at the versions CI installed, so `npm ci --offline` finds every one in
// npm's cache and nothing is fetched). Usage: node .ci/app-lock.mjs <tarball> <app dir>
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [tarball, appDir] = process.argv.slice(2);
const root = path.resolve(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), '..');
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const spec = `file:${path.relative(appDir, tarball)}`;
const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;

const packages = {
  '': { name: 'app', version: '1.0.0', dependencies: { [pkg.name]: spec } },
  [`node_modules/${pkg.name}`]: {
    version: pkg.version,
    resolved: spec,
    integrity,
    license: pkg.license,
    dependencies: pkg.dependencies,
    bin: pkg.bin,
    engines: pkg.engines,
  },
};
// This machine's npm leaves `resolved` out of lock files (omit-lockfile-registry-resolved); without it npm would
// ask the registry where each tarball is. The registry's tarball URLs are regular, and the tarballs are in the
// cache under their integrity.
const registry = (process.env.npm_config_registry || 'https://registry.npmjs.org/').replace(/\/+$/, '');
const tarballUrl = (name, version) => `${registry}/${name}/-/${name.split('/').pop()}-${version}.tgz`;
for (const [p, entry] of Object.entries(lock.packages)) {
  if (p === '' || entry.dev || entry.link) continue; // the repository's own dev tools are not the package's
  const name = entry.name ?? p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length);
  packages[p] = { ...entry, resolved: entry.resolved ?? tarballUrl(name, entry.version) };
}
writeFileSync(path.join(appDir, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true, dependencies: { [pkg.name]: spec } }, null, 2));
writeFileSync(path.join(appDir, 'package-lock.json'), JSON.stringify({ name: 'app', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2));
