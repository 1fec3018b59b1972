export { FakeResponsesServer, type FakeHandler, type FakeOptions, type FakeReply, type RecordedRequest } from "./fake-responses-server.js";
export { apiErrorBody, chunk, failedResponseEvents, responseEvents, streamErrorEvent, type FakeItem, type FakeUsage } from "./response-events.js";
export { encryptedReasoning } from "./fake-rules.js";
export { isProcessAlive } from "./process-alive.js";
export { FakeContextWindow, CONTEXT_OVERFLOW_MESSAGE } from "./fake-context.js";
export { FakePushService, decryptAes128gcm, makeTestCertificate, type FakeSubscription, type ReceivedPush } from "./fake-push-service.js";
