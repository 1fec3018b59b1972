import { HUB_VERSION } from "@aiflare/protocol";
import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { corePaths } from "./paths-core.js";
import { extensionPaths } from "./paths-extensions.js";
import { workspacePaths } from "./paths-workspace.js";
/** Every documented route; a route file that adds routes adds its list here (a test checks none is missing). */
export const API_PATHS = [...corePaths, ...workspacePaths, ...extensionPaths];
let cached;
/** The OpenAPI 3.1 document of `/api`, generated from the protocol's zod schemas (built once). */
export function openApiDocument() {
    if (cached)
        return cached;
    const registry = new OpenAPIRegistry();
    // Schemas are inlined: naming them as components would need zod's prototype patched (extendZodWithOpenApi).
    registry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "AIFLARE_TOKEN (the browser/REST token)" });
    for (const path of API_PATHS)
        registry.registerPath(path);
    cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
        openapi: "3.1.0",
        info: {
            title: "aiflare hub",
            version: HUB_VERSION,
            description: "REST API of the aiflare hub. Live timelines, terminals and tool calls travel over Socket.IO (`/browser`, `/worker`); see the README.",
        },
        servers: [{ url: "/" }],
        security: [{ bearer: [] }],
    });
    return cached;
}
//# sourceMappingURL=document.js.map