import { createRequire } from "node:module";
import { dirname } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { openApiDocument } from "./openapi/document.js";

/** `GET /api/openapi.json` (token required, like every route but health). */
export function registerOpenApiRoutes(api: FastifyInstance): void {
  api.get("/openapi.json", () => openApiDocument());
}

/** Where the API reference page is served (a static page; it reads the token the UI keeps). */
export const API_DOCS_PATH = "/docs/api/";

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aiflare hub — API</title>
<link rel="icon" type="image/svg+xml" href="/favicon.svg">
<link rel="stylesheet" href="${API_DOCS_PATH}assets/swagger-ui.css">
</head>
<body>
<div id="swagger"></div>
<script src="${API_DOCS_PATH}assets/swagger-ui-bundle.js"></script>
<script src="${API_DOCS_PATH}init.js"></script>
</body>
</html>
`;

// The page's own script (a file, so the Content-Security-Policy needs no inline script): every
// request, the document's included, carries the token the web UI keeps in local storage.
const INIT = `(() => {
  const token = localStorage.getItem("aiflare.token") || "";
  window.ui = SwaggerUIBundle({
    url: "/api/openapi.json",
    dom_id: "#swagger",
    deepLinking: true,
    requestInterceptor: (request) => {
      if (token && !request.headers.Authorization) request.headers.Authorization = "Bearer " + token;
      return request;
    },
  });
})();
`;

/** The page that renders the document (Swagger UI from swagger-ui-dist), at `/docs/api/`. */
export async function registerApiDocsPage(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, { root: dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json")), prefix: `${API_DOCS_PATH}assets/`, decorateReply: false, index: false });
  app.get(API_DOCS_PATH, (_request, reply) => reply.type("text/html; charset=utf-8").send(PAGE));
  app.get(`${API_DOCS_PATH}init.js`, (_request, reply) => reply.type("text/javascript; charset=utf-8").send(INIT));
}
