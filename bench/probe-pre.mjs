const t0 = performance.now();
await import('vitest/node');
const t1 = performance.now();
const { register } = await import('tsx/esm/api'); register();
const { main } = await import('../src/cli.ts');
const t2 = performance.now();
console.log('origin->start', (t0).toFixed(0), 'vitest', (t1 - t0).toFixed(0), 'tsx+cli', (t2 - t1).toFixed(0));
await main(['--out', '/tmp/b7/pre', '--seed', '1', '--quiet']);
console.log('end', performance.now().toFixed(0));
