import { realpath } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { AgentError } from "../errors.js";

/** A path that would leave the directories a worker may touch. */
export class ConfinementError extends AgentError {}

/** `child` is `parent` or inside it (both absolute, normalised). */
export function within(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel) && rel.split(sep)[0] !== "..");
}

/** The real path of `path`, or of its deepest existing ancestor joined with the rest (for files not created yet). */
export async function realpathDeep(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "ENOENT" && code !== "ENOTDIR") throw error;
    const parent = dirname(path);
    if (parent === path) return path;
    return resolve(await realpathDeep(parent), relative(parent, path));
  }
}

/**
 * Real paths of roots, resolved once: the roots are what the worker was started with, and
 * checking every call against those targets is the point (the workdir is resolved each call).
 */
const realRoots = new Map<string, Promise<string>>();
function realRoot(root: string): Promise<string> {
  let real = realRoots.get(root);
  if (!real) {
    real = realpathDeep(resolve(root));
    realRoots.set(root, real);
    real.catch(() => realRoots.delete(root));
  }
  return real;
}

/** Checks that a directory is inside one of the roots, following symlinks; returns its real path. */
export async function realDirInsideRoots(dir: string, roots: readonly string[]): Promise<string> {
  if (!isAbsolute(dir)) throw new ConfinementError(`${dir} is not an absolute path`);
  const real = await realpathDeep(resolve(dir));
  for (const root of roots) {
    if (within(await realRoot(root), real)) return real;
  }
  throw new ConfinementError(`${dir} is outside the allowed roots (${roots.join(", ")})`);
}

/**
 * Resolves a path given by the model against `base` and refuses anything that leaves `base`:
 * absolute paths, `..`, and symlinks (existing files or parent directories) pointing out.
 */
export async function resolveConfined(base: string, path: string): Promise<string> {
  if (path.includes("\0")) throw new ConfinementError(`invalid path ${JSON.stringify(path)}`);
  if (isAbsolute(path)) throw new ConfinementError(`${path}: absolute paths are not allowed; use a path relative to ${base}`);
  const realBase = await realpathDeep(base);
  const target = resolve(realBase, path);
  if (!within(realBase, target)) throw new ConfinementError(`${path}: leaves the working directory`);
  const real = await realpathDeep(target);
  if (!within(realBase, real)) throw new ConfinementError(`${path}: a symlink leads outside the working directory`);
  return target;
}
