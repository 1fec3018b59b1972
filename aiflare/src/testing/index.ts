export { FakeResponsesServer, type FakeHandler, type FakeReply, type RecordedRequest } from "./fake-responses-server.js";
export { apiErrorBody, chunk, responseEvents, type FakeItem, type FakeUsage } from "./response-events.js";
export { isProcessAlive } from "./process-alive.js";
export { FakeContextWindow, CONTEXT_OVERFLOW_MESSAGE } from "./fake-context.js";
