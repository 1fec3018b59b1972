// Constants and small helpers with no zod in them: the web UI imports only these (and types), so
// its bundle leaves zod and the schemas out (the package is marked side-effect free).

/** Socket.IO namespace for browsers and other UI clients. */
export const BROWSER_NAMESPACE = "/browser";

/** How the `info` notice naming a session's loaded AGENTS.md files begins (the UI shows it apart). */
export const AGENTS_MD_NOTICE_PREFIX = "Project instructions loaded from AGENTS.md: ";

/** Image types a prompt may carry (what the Responses API accepts as `input_image`). */
export const IMAGE_MEDIA_TYPES = ["image/png", "image/jpeg", "image/webp", "image/gif"] as const;
/** Whether a file's type is one of IMAGE_MEDIA_TYPES (the schema `ImageMediaType` checks the same). */
export function isImageMediaType(type: string): type is (typeof IMAGE_MEDIA_TYPES)[number] {
  return (IMAGE_MEDIA_TYPES as readonly string[]).includes(type);
}

/** Largest image in a prompt, decoded (10 MiB). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** Images per prompt at most; with MAX_IMAGE_BYTES it sets how far the body limit grows for prompts. */
export const MAX_IMAGES_PER_PROMPT = 4;

/** Every MCP tool name the model sees starts with this. */
export const MCP_TOOL_PREFIX = "mcp__";

/** Whether a tool name is an MCP tool (`mcp__...`). */
export function isMcpToolName(name: string): boolean {
  return name.startsWith(MCP_TOOL_PREFIX);
}

/** Server and tool of `mcp__SERVER__TOOL`, for display (names are sanitized, so this is a best reading). */
export function splitMcpToolName(name: string): { server: string; tool: string } | undefined {
  if (!isMcpToolName(name)) return undefined;
  const rest = name.slice(MCP_TOOL_PREFIX.length);
  const cut = rest.indexOf("__");
  if (cut <= 0 || cut + 2 >= rest.length) return undefined;
  return { server: rest.slice(0, cut), tool: rest.slice(cut + 2) };
}
