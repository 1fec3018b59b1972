import { execFileSync } from "node:child_process";
import { createDecipheriv, createECDH, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One push message as the fake push service received and decrypted it. */
export interface ReceivedPush {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The decrypted payload (RFC 8291 aes128gcm with the subscription's keys). */
  text: string;
}

/** A browser subscription the fake can decrypt for: what `PushSubscription.toJSON()` gives. */
export interface FakeSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/**
 * Makes a self-signed certificate for 127.0.0.1 and localhost with openssl, in a temp dir.
 * A process that should trust it gets `NODE_EXTRA_CA_CERTS=<certPath>`.
 */
export function makeTestCertificate(): { certPath: string; keyPath: string; cert: Buffer; key: Buffer; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), "aiflare-cert-"));
  const certPath = join(dir, "cert.pem");
  const keyPath = join(dir, "key.pem");
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", keyPath, "-out", certPath],
    { stdio: "ignore" },
  );
  return { certPath, keyPath, cert: readFileSync(certPath), key: readFileSync(keyPath), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Decrypts an RFC 8291 (Web Push, aes128gcm content coding of RFC 8188) message body with the
 * user agent's ECDH private key and auth secret. Throws when the body does not authenticate.
 */
export function decryptAes128gcm(body: Buffer, ua: { privateKey: Buffer; publicKey: Buffer; auth: Buffer }): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body.readUInt8(20);
  const asPublic = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  if (ciphertext.length > recordSize) throw new Error("push message spans several records");
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(ua.privateKey);
  const secret = ecdh.computeSecret(asPublic);
  // IKM = HKDF(auth, ecdh_secret, "WebPush: info" 0x00 ua_public as_public, 32)
  const keyInfo = Buffer.concat([Buffer.from("WebPush: info\0"), ua.publicKey, asPublic]);
  const ikm = Buffer.from(hkdfSync("sha256", secret, ua.auth, keyInfo, 32));
  const prk = createHmac("sha256", salt).update(ikm).digest();
  const expand = (info: string, length: number) => createHmac("sha256", prk).update(Buffer.concat([Buffer.from(info), Buffer.from([1])])).digest().subarray(0, length);
  const cek = expand("Content-Encoding: aes128gcm\0", 16);
  const nonce = expand("Content-Encoding: nonce\0", 12);
  const decipher = createDecipheriv("aes-128-gcm", cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02, then zero padding.
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("bad padding delimiter");
  return padded.subarray(0, end).toString("utf8");
}

/**
 * A push service for tests: an HTTPS server (certificate made by `makeTestCertificate`) that
 * hands out subscriptions with real P-256 keys, receives what a hub sends to their endpoints,
 * and decrypts it. An endpoint can be told to answer with a status (410 for "gone").
 */
export class FakePushService {
  readonly received: ReceivedPush[] = [];
  private readonly keys = new Map<string, { privateKey: Buffer; publicKey: Buffer; auth: Buffer }>();
  private readonly statusOf = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private closed = false;

  private constructor(
    private readonly server: Server,
    private readonly certificate: ReturnType<typeof makeTestCertificate>,
  ) {}

  static async start(): Promise<FakePushService> {
    const certificate = makeTestCertificate();
    const holder: { fake?: FakePushService } = {};
    const server = createServer({ cert: certificate.cert, key: certificate.key }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const status = holder.fake?.receive(req.url ?? "/", req.headers, Buffer.concat(chunks)) ?? 500;
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (holder.fake = new FakePushService(server, certificate));
  }

  /** PEM file to trust (`NODE_EXTRA_CA_CERTS`). */
  get certPath(): string {
    return this.certificate.certPath;
  }

  get origin(): string {
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A new subscription (endpoint on this server, fresh keys), as a browser would make. */
  subscription(): FakeSubscription {
    const ecdh = createECDH("prime256v1");
    ecdh.generateKeys();
    const auth = randomBytes(16);
    const path = `/push/${randomBytes(12).toString("hex")}`;
    this.keys.set(path, { privateKey: ecdh.getPrivateKey(), publicKey: ecdh.getPublicKey(), auth });
    return { endpoint: `${this.origin}${path}`, keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: auth.toString("base64url") } };
  }

  /** The endpoint answers `status` from now on (404 or 410 say the subscription is gone). */
  answer(endpoint: string, status: number): void {
    this.statusOf.set(new URL(endpoint).pathname, status);
  }

  /** Resolves once a message matching `match` has arrived. */
  async waitFor(match: (push: ReceivedPush) => boolean): Promise<ReceivedPush> {
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      if (this.closed) throw new Error("fake push service closed");
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiters) wake();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    this.certificate.dispose();
  }

  private receive(path: string, headers: ReceivedPush["headers"], body: Buffer): number {
    const status = this.statusOf.get(path);
    if (status !== undefined) return status;
    const keys = this.keys.get(path);
    if (!keys) return 404;
    let text: string;
    try {
      text = decryptAes128gcm(body, keys);
    } catch {
      return 400; // a hub that encrypts wrongly fails the test by never delivering
    }
    this.received.push({ path, headers, text });
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    return 201;
  }
}
