import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { routesOf } from "../src/http/route-list.js";
import { startTestHub, type TestHub } from "./helpers.js";

/** `/api/sessions/:id/approvals/:callId` -> `/api/sessions/{id}/approvals/{callId}`. */
const toOpenApiPath = (url: string) => url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");

describe("OpenAPI document", () => {
  let t: TestHub;
  const routes: { method: string; url: string }[] = [];

  beforeAll(async () => {
    t = await startTestHub();
  });
  afterAll(async () => t?.close());

  it("is served with the token, validates, and lists every registered /api route with its errors", async () => {
    expect((await t.api("GET", "/api/openapi.json", undefined, { token: null })).status).toBe(401);
    const res = await t.api("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(doc.openapi).toBe("3.1.0");
    // The validator dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();

    // Every route Fastify knows under /api (HEAD is Fastify's automatic twin of GET).
    for (const route of registeredRoutes(t)) routes.push(route);
    expect(routes.length).toBeGreaterThan(15);
    const missing = routes.filter(({ method, url }) => !doc.paths[toOpenApiPath(url)]?.[method.toLowerCase()]);
    expect(missing, "routes without an OpenAPI entry (add them to hub/src/http/openapi/)").toEqual([]);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
    const registered = new Set(routes.map(({ method, url }) => `${method} ${toOpenApiPath(url)}`));
    expect(documented.filter((entry) => !registered.has(entry)), "documented routes that do not exist").toEqual([]);
    // Every route but health documents its errors (401 at least; 404 for a session route).
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (path === "/api/health") continue;
        expect(Object.keys(op.responses), `${method} ${path}`).toContain("401");
        if (path.includes("{id}")) expect(Object.keys(op.responses), `${method} ${path}`).toContain("404");
      }
    }
  });

  it("serves a page that renders the document", async () => {
    const page = await fetch(`${t.hub.url}/docs/api/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("swagger-ui-bundle.js");
    const bundle = await fetch(`${t.hub.url}/docs/api/assets/swagger-ui-bundle.js`);
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    const init = await fetch(`${t.hub.url}/docs/api/init.js`);
    expect(await init.text()).toContain("/api/openapi.json");
  });
});

/** The /api routes registered in the hub's Fastify instance (HEAD is Fastify's automatic twin of GET). */
function registeredRoutes(t: TestHub): { method: string; url: string }[] {
  return routesOf(t.hub.app).filter(({ method, url }) => url.startsWith("/api/") && method !== "HEAD");
}
