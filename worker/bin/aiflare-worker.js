#!/usr/bin/env node
// The `aiflare-worker` command. npm links a package's command only if its file exists when it
// installs, and dist/ is built after that, so the command is this committed file: it runs the build.
import { existsSync } from "node:fs";

const built = new URL("../dist/bin.js", import.meta.url);
if (!existsSync(built)) {
  process.stderr.write("aiflare-worker: not built yet; run `npm run build` in the repository first\n");
  process.exit(1);
}
await import(built.href);
