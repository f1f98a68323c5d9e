/** The test-only certificates under fixtures/tls (see fixtures/tls/README.txt). TEST ONLY, never trust. */
import { existsSync, readFileSync } from 'node:fs';
import { packagePath } from '../src/paths.ts';

export type TlsCertName = 'self-signed' | 'expired' | 'wrong-host' | 'ca-signed';
export const TLS_CERT_NAMES: readonly TlsCertName[] = ['self-signed', 'expired', 'wrong-host', 'ca-signed'];

export const tlsFixturePath = (file: string): string => packagePath('fixtures', 'tls', file);

/** Key and certificate PEM for one of the fixtures. */
export function loadTlsCert(name: TlsCertName): { key: string; cert: string } {
  if (!TLS_CERT_NAMES.includes(name)) throw new Error(`unknown TLS certificate "${name}" (known: ${TLS_CERT_NAMES.join(', ')})`);
  // The published package leaves the test keys out (package.json "files").
  if (!existsSync(tlsFixturePath(`${name}.key`)))
    throw new Error('the test-only TLS certificates (fixtures/tls) are not in the installed package: use --tls from a clone of the repository');
  return {
    key: readFileSync(tlsFixturePath(`${name}.key`), 'utf8'),
    cert: readFileSync(tlsFixturePath(`${name}.crt`), 'utf8'),
  };
}

/** PEM of the test CA that signed 'ca-signed', 'expired' and 'wrong-host' (for --ca tests). */
export const loadTestCa = (): string => readFileSync(tlsFixturePath('ca.crt'), 'utf8');
