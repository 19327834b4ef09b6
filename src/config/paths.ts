/**
 * Where the project's own files are (migrations, the built web UI), found from this file's place rather than the
 * working directory: the same from the TypeScript in src/ (tsx, tests) as from the compiled JavaScript in dist/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The folder holding Lantern's package.json: the nearest one above this module whose name is "lantern". */
export function projectRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'lantern')
      return (root = dir);
    const up = dirname(dir);
    if (up === dir)
      throw new Error(
        `Lantern's package.json (name "lantern") was not found above ${fileURLToPath(import.meta.url)}: run Lantern from its project folder or an image that keeps package.json beside dist/`,
      );
    dir = up;
  }
}

/** A path inside the project, e.g. projectPath('drizzle') for the migrations. */
export const projectPath = (...parts: string[]): string => join(projectRoot(), ...parts);
