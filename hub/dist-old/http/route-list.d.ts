import type { FastifyInstance } from "fastify";
/** A registered route: its method and Fastify URL (`/api/sessions/:id`). */
export interface RegisteredRoute {
    method: string;
    url: string;
}
/** Records every route registered on `app` from now on (call before any route is added). */
export declare function recordRoutes(app: FastifyInstance): void;
/** The routes registered on `app` (the OpenAPI test checks each is documented). */
export declare function routesOf(app: FastifyInstance): readonly RegisteredRoute[];
//# sourceMappingURL=route-list.d.ts.map