// node --import ./test/cli/support/module-log.mjs …: writes every module the process loads to the file named by
// LANTERN_MODULE_LOG, one file URL or path a line (ES modules as resolved; CommonJS ones from require's cache at exit).
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const log = process.env.LANTERN_MODULE_LOG;
if (!log) throw new Error('module-log.mjs needs LANTERN_MODULE_LOG, the file to write the loaded modules to');
register('./module-log-hooks.mjs', import.meta.url);
const require = createRequire(import.meta.url);
process.on('exit', () => appendFileSync(log, Object.keys(require.cache).join('\n') + '\n'));
