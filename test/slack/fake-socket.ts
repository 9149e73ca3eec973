// The server side of Slack's Socket Mode, just enough for tests: the WebSocket handshake (RFC 6455),
// unmasked text frames out, masked frames in, pong for ping, close for close. Slack sends "hello" on
// connect, then envelopes; the app answers each envelope with {envelope_id, payload}.
import { createHash } from "node:crypto";
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";

const GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

function frame(opcode: number, payload: Buffer): Buffer {
  const len = payload.length;
  const head =
    len < 126
      ? Buffer.from([0x80 | opcode, len])
      : len < 65536
        ? Buffer.from([0x80 | opcode, 126, len >> 8, len & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 127]), bigLength(len)]);
  return Buffer.concat([head, payload]);
}

function bigLength(len: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(len));
  return b;
}

export class FakeSocketMode {
  readonly received: Record<string, unknown>[] = [];
  private socket: Duplex | undefined;
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  connections = 0;

  attach(server: Server): void {
    server.on("upgrade", (req: IncomingMessage, socket: Duplex) => {
      const key = String(req.headers["sec-websocket-key"] ?? "");
      const accept = createHash("sha1")
        .update(key + GUID)
        .digest("base64");
      socket.write(
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
      );
      this.socket = socket;
      this.connections += 1;
      socket.on("data", (d: Buffer) => {
        this.buffer = Buffer.concat([this.buffer, d]);
        this.drain();
      });
      socket.on("error", () => undefined);
      this.send({ type: "hello", num_connections: 1, connection_info: { app_id: "A0SIP0001" } });
    });
  }

  get connected(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  send(message: Record<string, unknown>): void {
    this.socket?.write(frame(0x1, Buffer.from(JSON.stringify(message))));
  }

  /** Resolves when the app has answered the envelope with this id. */
  async acked(envelopeId: string, timeoutMs = 5000): Promise<Record<string, unknown>> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find((m) => m.envelope_id === envelopeId);
      if (found !== undefined) return found;
      if (Date.now() > until) throw new Error(`no ack for ${envelopeId}`);
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
  }

  close(): void {
    this.socket?.destroy();
  }

  private drain(): void {
    for (;;) {
      const b = this.buffer;
      if (b.length < 2) return;
      const opcode = (b[0] ?? 0) & 0x0f;
      let len = (b[1] ?? 0) & 0x7f;
      let offset = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        offset = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        len = Number(b.readBigUInt64BE(2));
        offset = 10;
      }
      const masked = ((b[1] ?? 0) & 0x80) !== 0;
      const maskLen = masked ? 4 : 0;
      if (b.length < offset + maskLen + len) return;
      const mask = b.subarray(offset, offset + maskLen);
      const payload = Buffer.from(b.subarray(offset + maskLen, offset + maskLen + len));
      if (masked)
        for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
      this.buffer = b.subarray(offset + maskLen + len);
      if (opcode === 0x1) {
        this.received.push(JSON.parse(payload.toString("utf8")) as Record<string, unknown>);
        for (const w of this.waiters.splice(0)) w();
      } else if (opcode === 0x9) {
        this.socket?.write(frame(0xa, payload));
      } else if (opcode === 0x8) {
        this.socket?.write(frame(0x8, payload.subarray(0, 2)));
        this.socket?.end();
      }
    }
  }
}
