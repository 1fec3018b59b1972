export { FakeResponsesServer, type FakeHandler, type FakeOptions, type FakeReply, type RecordedRequest } from "./fake-responses-server.js";
export { apiErrorBody, chunk, failedResponseEvents, responseEvents, streamErrorEvent, type FakeItem, type FakeUsage } from "./response-events.js";
export { encryptedReasoning } from "./fake-rules.js";
export { isProcessAlive } from "./process-alive.js";
