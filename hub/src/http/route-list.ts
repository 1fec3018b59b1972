import type { FastifyInstance } from "fastify";

/** A registered route: its method and Fastify URL (`/api/sessions/:id`). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

const seen = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Records every route registered on `app` from now on (call before any route is added). */
export function recordRoutes(app: FastifyInstance): void {
  const routes: RegisteredRoute[] = [];
  seen.set(app, routes);
  app.addHook("onRoute", (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
}

/** The routes registered on `app` (the OpenAPI test checks each is documented). */
export function routesOf(app: FastifyInstance): readonly RegisteredRoute[] {
  return seen.get(app) ?? [];
}
