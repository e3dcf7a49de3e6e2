// A preload for tests (`node --require`): appends to the file $DISTCHECK_LOAD_LOG each package
// the process loads by name, whether required (Module._load) or imported (an ES module resolve
// hook), as `require NAME` or `import NAME`.
const Module = require('node:module');
const { appendFileSync } = require('node:fs');

const log = process.env.DISTCHECK_LOAD_LOG;
const byPath = /^(node:|\.|\/|file:|data:)/;
const load = Module._load;
Module._load = function (request, ...rest) {
  if (!byPath.test(request)) appendFileSync(log, `require ${request}\n`);
  return load.call(this, request, ...rest);
};
const hooks = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  if (!${byPath}.test(specifier)) appendFileSync(process.env.DISTCHECK_LOAD_LOG, 'import ' + specifier + '\\n');
  return next(specifier, context);
}`;
Module.register(`data:text/javascript,${encodeURIComponent(hooks)}`);
