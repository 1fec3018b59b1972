import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import Fastify, { LogController } from "fastify";
import { bearerToken, tokensEqual } from "../auth/tokens.js";
import { HubError, UnauthorizedError, ValidationError, toHubError } from "../errors.js";
import { registerApiDocsPage } from "./openapi-routes.js";
import { recordRoutes } from "./route-list.js";
import { registerApiRoutes } from "./routes.js";
const STATUS_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    409: "conflict",
    413: "payload_too_large",
    429: "rate_limited",
};
/** Fastify's own errors (parsing, limits) mapped onto the wire error shape. */
function fromFastifyError(error) {
    if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE")
        return new HubError("payload_too_large", "request body is over the size limit", 413);
    if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE")
        return new ValidationError("Content-Type must be application/json");
    const status = error.statusCode ?? 500;
    const code = STATUS_CODES[status];
    if (code && status < 500)
        return new HubError(code, error.message, status);
    return toHubError(error);
}
/** The HTTP side of the hub: REST under `/api`, the web UI at `/`. */
export async function buildHttpApp(options) {
    const app = Fastify({
        // The cast picks Fastify's base logger type, so the instance is a plain FastifyInstance.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        loggerInstance: options.logger,
        bodyLimit: options.bodyLimit,
        // Our onResponse hook logs one line per request at debug, with the URL's secrets removed.
        logController: new LogController({ disableRequestLogging: true }),
        return503OnClosing: true,
    });
    recordRoutes(app);
    // JSON bodies; an empty body is "no body" (POST /cancel often has none).
    app.removeContentTypeParser("application/json");
    app.addContentTypeParser("application/json", { parseAs: "string", bodyLimit: options.bodyLimit }, (_req, body, done) => {
        const text = typeof body === "string" ? body : body.toString("utf8");
        if (text.trim() === "")
            return done(null, undefined);
        try {
            done(null, JSON.parse(text));
        }
        catch {
            done(new ValidationError("malformed JSON body"), undefined);
        }
    });
    app.setErrorHandler((error, request, reply) => {
        const hubError = error instanceof HubError ? error : fromFastifyError(error);
        if (hubError.status >= 500)
            request.log.error({ err: error, method: request.method, route: request.routeOptions.url }, "request failed");
        void reply.code(hubError.status).send({ error: hubError.toInfo() });
    });
    app.addHook("onRequest", (request, reply, done) => {
        const open = !request.url.startsWith("/api/") || request.url === "/api/health" || request.url.startsWith("/api/health?");
        if (open)
            return done();
        // An address that keeps presenting wrong tokens waits, whatever it presents next.
        const wait = options.authFailures.blockedFor(request.ip);
        if (wait > 0) {
            void reply.header("retry-after", String(Math.ceil(wait / 1000)));
            return done(new HubError("rate_limited", `too many failed token attempts; try again in ${Math.ceil(wait / 1000)}s`, 429));
        }
        if (tokensEqual(bearerToken(request.headers.authorization), options.browserToken))
            return done();
        options.authFailures.recordFailure(request.ip);
        done(new UnauthorizedError());
    });
    // The UI only runs its own scripts: even if model output slipped past the sanitiser, inline
    // script and event handlers would not run.
    app.addHook("onSend", (request, reply, payload, done) => {
        if (!request.url.startsWith("/api/")) {
            void reply.header("content-security-policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws: wss:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
            void reply.header("x-content-type-options", "nosniff");
            void reply.header("referrer-policy", "no-referrer");
        }
        done(null, payload);
    });
    app.addHook("onResponse", (request, reply, done) => {
        request.log.debug({ method: request.method, route: request.routeOptions.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, "request");
        done();
    });
    await app.register((api, _opts, done) => {
        registerApiRoutes(api, options);
        done();
    }, { prefix: "/api" });
    await registerApiDocsPage(app);
    const webDir = options.webDir;
    const hasWeb = webDir !== undefined && existsSync(join(webDir, "index.html"));
    // Wildcard mode looks files up per request, so a rebuilt UI is served without a restart.
    if (hasWeb)
        await app.register(fastifyStatic, { root: webDir, prefix: "/" });
    app.setNotFoundHandler((request, reply) => {
        const path = request.url.split("?")[0] ?? "";
        const isAsset = path.startsWith("/assets/") || /\.[a-z0-9]+$/i.test(path);
        if (hasWeb && request.method === "GET" && !isAsset && !path.startsWith("/api/") && !path.startsWith("/socket.io")) {
            return reply.sendFile("index.html"); // single-page app: the client routes
        }
        return reply.code(404).send({ error: { code: "not_found", message: `no route ${request.method} ${path}` } });
    });
    return app;
}
//# sourceMappingURL=app.js.map