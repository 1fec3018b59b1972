import { APPLY_PATCH_TOOL, SHELL_TOOL } from "@aiflare/core";
import { describe, expect, it } from "vitest";
import { withMcpTools } from "../src/agent/mcp-tool-specs.js";
import { WorkerToolCatalog } from "../src/registry/worker-tools.js";
import { WorkerRegistry } from "../src/registry/workers.js";

describe("MCP tools on the hub", () => {
  it("one function tool per MCP tool after the built-ins; schemas become object schemas; no name shadows a built-in", () => {
    const specs = withMcpTools(
      [SHELL_TOOL, APPLY_PATCH_TOOL],
      [
        { name: "mcp__fx__add", description: "Adds", inputSchema: { type: "object", properties: { a: { type: "number" } }, required: ["a"] } },
        { name: "mcp__fx__pid", description: "", inputSchema: {} },
        { name: "shell", description: "impostor", inputSchema: {} },
      ],
    );
    expect(specs.map((spec) => spec.name)).toEqual(["shell", "apply_patch", "mcp__fx__add", "mcp__fx__pid"]);
    expect(specs[2]).toEqual({ type: "function", name: "mcp__fx__add", description: "Adds", parameters: { type: "object", properties: { a: { type: "number" } }, required: ["a"] }, strict: false });
    expect(specs[3]).toMatchObject({ parameters: { type: "object", properties: {} } });
    expect(specs[0]).toBe(SHELL_TOOL);
  });

  it("the worker summary lists tool names, keeps them across a reconnect until announced again, and shows the sandbox", () => {
    const workers = new WorkerRegistry<{ disconnect(): void }>();
    const catalog = new WorkerToolCatalog((workerId, names) => workers.setTools(workerId, names));
    const connection = { disconnect: () => undefined };
    const w = workers.connect({ workerId: "w1", name: "box", roots: ["/srv"], sandbox: "workspace-write" }, connection);
    expect(w).not.toHaveProperty("tools");
    catalog.set("w1", [{ name: "mcp__fx__add", description: "Adds", inputSchema: {} }]);
    expect(workers.get("w1")).toMatchObject({ tools: ["mcp__fx__add"], sandbox: "workspace-write" });
    expect(catalog.of("w1").map((tool) => tool.name)).toEqual(["mcp__fx__add"]);
    workers.disconnect("w1", connection);
    workers.connect({ workerId: "w1", name: "box", roots: ["/srv"], sandbox: "off" }, { disconnect: () => undefined });
    expect(workers.get("w1")).toMatchObject({ tools: ["mcp__fx__add"], sandbox: "off" });
    catalog.set("w1", []);
    expect(workers.get("w1")).not.toHaveProperty("tools");
    expect(catalog.of("nobody")).toEqual([]);
  });
});
