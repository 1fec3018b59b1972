export { FakeResponsesServer, type FakeHandler, type FakeReply, type RecordedRequest } from "./fake-responses-server.js";
export { apiErrorBody, chunk, responseEvents, type FakeItem, type FakeUsage } from "./response-events.js";
export { isProcessAlive } from "./process-alive.js";
export { FakePushService, decryptAes128gcm, makeTestCertificate, type FakeSubscription, type ReceivedPush } from "./fake-push-service.js";
