// Proactive messages from the outbox into Teams personal chats: waiting (with one clear note for the
// admin) while the app is not installed for the recipient, sent once it is, retried on 429/412/502/504
// without double posts, and a chat Teams no longer accepts forgotten.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { installationUpdate } from "./activities.ts";
import { cardOf, executeActions } from "./card-check.ts";
import { openTeamsHarness, type TeamsHarness } from "./harness.ts";

let h: TeamsHarness;
beforeAll(async () => {
  h = await openTeamsHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.connector.clear();
});

let serial = 0;
async function assignToBo(what: string): Promise<string> {
  const bo = await h.deps.store.findStaffByHandle("bo");
  if (bo === null) throw new Error("no bo");
  serial += 1;
  await h.deps.store.enqueueOutbox(`test-${serial}`, bo.id, {
    kind: "commitmentAssigned",
    personRef: "K-7F3Q",
    number: serial,
    what,
    dueDate: "2026-11-27",
    byName: "Anna Andersson (demo)",
  });
  const row = await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: `test-${serial}` } });
  return row.id;
}

const outboxRow = (id: string) => h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });

describe("proactive delivery", () => {
  it("waits while the app is not installed for the recipient, and tells the admin once", async () => {
    const id = await assignToBo("Ringa Försäkringskassan");
    expect(await h.deliverNow()).toEqual({ sent: 0, waiting: 1, failed: 0 });
    expect(await h.deliverNow()).toEqual({ sent: 0, waiting: 1, failed: 0 });
    expect((await outboxRow(id)).status).toBe("PENDING");
    const notes = h.logs.filter((l) => l.includes("bo har meddelanden som väntar"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain("inte installerad");
    expect(h.connector.calls).toEqual([]);
  });

  it("sends once the app is installed, as a card with a Done button, and records Teams' id", async () => {
    const bo = h.user("bo");
    await h.post(installationUpdate(bo, "add", { serviceUrl: h.connector.serviceUrl }));
    await h.deliverNow();
    const messages = h.connector.messagesTo(bo.chatId);
    const notice = messages.find((m) => Array.isArray(m.attachments));
    const card = cardOf(notice as Record<string, unknown>);
    expect(JSON.stringify(card)).toContain("Ringa Försäkringskassan");
    expect(executeActions(card)).toEqual([
      expect.objectContaining({ verb: "commitment.done", data: { sipValue: "1" } }),
    ]);
    const row = await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "test-1" } });
    expect(row.status).toBe("SENT");
    const send = h.connector.calls.find((c) => c.body === notice);
    expect(row.platformRef).toBe(send?.answeredId);
    const audits = await h.db.prisma.auditEvent.count({ where: { action: "NOTIFICATION_DELIVERED" } });
    expect(audits).toBe(1);
  });

  it("retries 429 and 412 with back-off and posts exactly once", async () => {
    const id = await assignToBo("Boka tolk");
    h.connector.failNext(429, 412);
    expect(await h.deliverNow()).toEqual({ sent: 1, waiting: 0, failed: 0 });
    // botbuilder posts a proactive message as a reply to its continue event; Teams accepts either path.
    const posts = h.connector.calls.filter((c) => c.kind === "send" || c.kind === "reply");
    expect(posts.map((c) => c.status)).toEqual([429, 412, 200]);
    expect((await outboxRow(id)).status).toBe("SENT");
    expect(await h.deliverNow()).toEqual({ sent: 0, waiting: 0, failed: 0 });
    expect(h.connector.calls.filter((c) => c.status === 200)).toHaveLength(1);
  });

  it("retries a 502 and a 504 from the gateway", async () => {
    const id = await assignToBo("Skicka remiss");
    h.connector.failNext(502, 504);
    expect(await h.deliverNow()).toEqual({ sent: 1, waiting: 0, failed: 0 });
    expect(h.connector.calls.filter((c) => c.status === 200)).toHaveLength(1);
    expect((await outboxRow(id)).status).toBe("SENT");
  }, 20_000);

  it("forgets a chat Teams refuses (403: the app was removed) and keeps the message waiting", async () => {
    const bo = h.user("bo");
    h.connector.refuse(bo.chatId, 403);
    const id = await assignToBo("Kalla till möte");
    expect(await h.deliverNow()).toEqual({ sent: 0, waiting: 1, failed: 0 });
    expect((await outboxRow(id)).status).toBe("PENDING");
    expect(await h.db.prisma.chatReference.count({ where: { conversationId: bo.chatId } })).toBe(0);
    expect(h.logs.some((l) => l.includes("kunde inte skicka") && l.includes("403"))).toBe(true);
  });

  it("leaves a row another replica has claimed for this minute to that replica", async () => {
    const bo = h.user("bo");
    await h.post(installationUpdate(bo, "add", { serviceUrl: h.connector.serviceUrl }));
    await h.deliverNow();
    h.connector.clear();
    const id = await assignToBo("Boka lokal");
    const slot = Math.floor(Date.now() / 60_000);
    // This slot and the next, so a minute turning over during the test changes nothing.
    expect(await h.deps.store.markEventProcessed("teams-outbox", `${id}:${slot}`)).toBe(true);
    expect(await h.deps.store.markEventProcessed("teams-outbox", `${id}:${slot + 1}`)).toBe(true);
    const result = await h.deliverNow();
    expect(result.sent).toBe(0);
    expect((await outboxRow(id)).status).toBe("PENDING");
    expect(h.connector.calls).toEqual([]);
  });

  it("marks a payload this version cannot render as failed instead of retrying it forever", async () => {
    const eva = await h.deps.store.findStaffByHandle("eva");
    await h.deps.store.enqueueOutbox("unknown-kind", eva?.id ?? "", {
      kind: "fromTheFuture",
      personRef: "K-7F3Q",
    });
    const result = await h.deliverNow();
    expect(result.failed).toBe(1);
    const row = await h.db.prisma.outboxMessage.findUniqueOrThrow({ where: { dedupeKey: "unknown-kind" } });
    expect(row.status).toBe("FAILED");
  });
});
