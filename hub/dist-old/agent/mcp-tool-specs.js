/** An MCP input schema as a function tool's parameters: always an object schema with properties. */
function parametersOf(schema) {
    const properties = typeof schema.properties === "object" && schema.properties !== null ? schema.properties : {};
    return { ...schema, type: "object", properties };
}
/**
 * The tool list for a session on a worker with MCP tools: the built-in tools, then one
 * function tool per MCP tool (`mcp__SERVER__TOOL`) with the tool's description and input
 * schema. Not strict: MCP schemas rarely meet the strict-mode rules.
 */
export function withMcpTools(base, tools) {
    const taken = new Set(base.map((tool) => tool.name));
    const extra = tools
        .filter((tool) => !taken.has(tool.name))
        .map((tool) => ({ type: "function", name: tool.name, description: tool.description, parameters: parametersOf(tool.inputSchema), strict: false }));
    return [...base, ...extra];
}
//# sourceMappingURL=mcp-tool-specs.js.map