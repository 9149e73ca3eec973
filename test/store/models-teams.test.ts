// The Teams adapter's table (chat_reference) on both backends, through the Store methods the adapter uses
// and through raw SQL, so the migration and the schema cannot drift apart unseen.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatReferenceRecord } from "../../src/app/ports.ts";
import type { Database } from "../../src/store/database.ts";
import { Prisma } from "../../src/store/generated/client.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";
import { storeBackends } from "../helpers/store-backends.ts";

const personal = (conversationId: string, userId: string, serviceUrl: string): ChatReferenceRecord => ({
  platform: "teams",
  tenant: "tenant-a",
  conversationId,
  kind: "PERSONAL",
  userId,
  reference: { conversation: { id: conversationId }, serviceUrl },
});

describe.each(storeBackends)("ChatReference on $name", ({ available, open }) => {
  let db: Database;
  let store: PrismaStore;
  let dispose = async () => {};
  beforeAll(async () => {
    if (!available) return;
    ({ db, dispose } = await open());
    store = new PrismaStore(db.prisma);
  });
  afterAll(() => dispose());

  it.skipIf(!available)("saves, replaces and finds a personal chat's reference", async () => {
    await store.saveChatReference(personal("a:1", "aad-1", "https://smba.trafficmanager.net/emea/"));
    await store.saveChatReference(personal("a:1", "aad-1", "https://smba.trafficmanager.net/amer/"));
    const found = await store.findPersonalChatReference("teams", "tenant-a", "aad-1");
    expect(found?.reference).toEqual({
      conversation: { id: "a:1" },
      serviceUrl: "https://smba.trafficmanager.net/amer/",
    });
    expect(await store.findPersonalChatReference("teams", "tenant-b", "aad-1")).toBeNull();
    expect(await store.findPersonalChatReference("slack", "tenant-a", "aad-1")).toBeNull();
    const rows = await db.prisma.chatReference.count({ where: { conversationId: "a:1" } });
    expect(rows).toBe(1);
  });

  it.skipIf(!available)("never returns a channel's reference as someone's personal chat", async () => {
    await store.saveChatReference({
      platform: "teams",
      tenant: "tenant-a",
      conversationId: "19:channel@thread.tacv2",
      kind: "CHANNEL",
      userId: null,
      reference: { conversation: { id: "19:channel@thread.tacv2" } },
    });
    expect(await store.findPersonalChatReference("teams", "tenant-a", "aad-2")).toBeNull();
    expect(await store.removeChatReference("teams", "19:channel@thread.tacv2")).toBe(true);
    expect(await store.removeChatReference("teams", "19:channel@thread.tacv2")).toBe(false);
  });

  it.skipIf(!available)("keeps one row per conversation (unique index)", async () => {
    const row = { platform: "teams", tenant: "t", conversationId: "dup", kind: "GROUP", reference: {} };
    await db.prisma.chatReference.create({ data: row });
    const error = await db.prisma.chatReference.create({ data: row }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
    expect((error as Prisma.PrismaClientKnownRequestError).code).toBe("P2002");
  });
});
