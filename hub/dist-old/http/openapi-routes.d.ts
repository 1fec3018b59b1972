import type { FastifyInstance } from "fastify";
/** `GET /api/openapi.json` (token required, like every route but health). */
export declare function registerOpenApiRoutes(api: FastifyInstance): void;
/** Where the API reference page is served (a static page; it reads the token the UI keeps). */
export declare const API_DOCS_PATH = "/docs/api/";
/** The page that renders the document (Swagger UI from swagger-ui-dist), at `/docs/api/`. */
export declare function registerApiDocsPage(app: FastifyInstance): Promise<void>;
//# sourceMappingURL=openapi-routes.d.ts.map