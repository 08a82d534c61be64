// Jest-only transform for PGlite's CommonJS build: it loads Node built-ins with import(), which Jest's module
// sandbox rejects unless Node runs with --experimental-vm-modules. The same built-ins are required instead.
const { createHash } = require('node:crypto');
const { builtinModules } = require('node:module');

const DYNAMIC_IMPORT = /\bimport\((["'])([a-z_/:]+)\1\)/g;
const VERSION = '2';
// Emscripten code declares its own `var require` in the same scopes, so keep the module's real one under another name.
const REQUIRE = '__pgliteJestRequire';

function rewrite(source) {
  return source.replace(DYNAMIC_IMPORT, (call, quote, name) => {
    if (!builtinModules.includes(name.replace(/^node:/, ''))) return call;
    const id = `${quote}${name}${quote}`;
    // Shaped like an import() namespace: named exports plus `default`.
    return `Promise.resolve().then(() => { const m = ${REQUIRE}(${id}); return { ...m, default: m }; })`;
  });
}

module.exports = {
  process(source) {
    return { code: `var ${REQUIRE} = require;${rewrite(source)}` };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(VERSION).update(filename).update(source).digest('hex');
  },
};
