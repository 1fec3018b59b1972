const BY_EXTENSION: Record<string, string> = {
  ts: "typescript", tsx: "typescript", mts: "typescript", cts: "typescript",
  js: "javascript", jsx: "javascript", mjs: "javascript", cjs: "javascript",
  py: "python", rb: "ruby", rs: "rust", go: "go", java: "java", kt: "kotlin", kts: "kotlin", swift: "swift",
  c: "c", h: "c", cc: "cpp", cpp: "cpp", cxx: "cpp", hpp: "cpp", cs: "csharp", php: "php", pl: "perl", lua: "lua", r: "r",
  sh: "bash", bash: "bash", zsh: "bash", json: "json", jsonl: "json", yml: "yaml", yaml: "yaml", toml: "ini", ini: "ini",
  md: "markdown", css: "css", scss: "scss", less: "less", html: "xml", htm: "xml", xml: "xml", svg: "xml", vue: "xml",
  sql: "sql", diff: "diff", patch: "diff", graphql: "graphql", gql: "graphql", m: "objectivec", vb: "vbnet", wasm: "wasm",
};

const BY_NAME: Record<string, string> = { Makefile: "makefile", Dockerfile: "dockerfile", "CMakeLists.txt": "cmake" };

/** The highlight.js language for a file path (by name, then extension); undefined when unknown. */
export function languageForPath(path: string): string | undefined {
  const name = path.split("/").at(-1) ?? path;
  if (BY_NAME[name]) return BY_NAME[name];
  const dot = name.lastIndexOf(".");
  return dot > 0 ? BY_EXTENSION[name.slice(dot + 1).toLowerCase()] : undefined;
}
