// Loads a module of the compiled package (dist/), or says in one line how to build it: a clone where
// `npm run build` never ran has no dist/ (npm ci runs it through the prepare script).
export async function loadCompiled(name, specifier) {
  const url = new URL(specifier, import.meta.url);
  try {
    return await import(url.href);
  } catch (e) {
    if (e?.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes(url.pathname.split('/dist/')[0] + '/dist/')) throw e;
    process.stderr.write(`${name}: the compiled code (dist/) is missing\nhint: run npm run build (npm ci does it) in ${new URL('..', import.meta.url).pathname}\n`);
    process.exit(2);
  }
}
