// The resolve hook of module-log.mjs (it runs in the loader's thread, which shares the environment).
import { appendFileSync } from 'node:fs';

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.LANTERN_MODULE_LOG, resolved.url + '\n');
  return resolved;
}
