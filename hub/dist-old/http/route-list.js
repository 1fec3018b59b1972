const seen = new WeakMap();
/** Records every route registered on `app` from now on (call before any route is added). */
export function recordRoutes(app) {
    const routes = [];
    seen.set(app, routes);
    app.addHook("onRoute", (route) => {
        for (const method of [route.method].flat())
            routes.push({ method, url: route.url });
    });
}
/** The routes registered on `app` (the OpenAPI test checks each is documented). */
export function routesOf(app) {
    return seen.get(app) ?? [];
}
//# sourceMappingURL=route-list.js.map