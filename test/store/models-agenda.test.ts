// The agenda table (sip_agenda) on both backends, through the SchedulingStore the use cases use and through
// raw SQL, so the migration and the schema cannot drift apart unseen: versions per SIP, the newest current,
// and the unique key that refuses two agendas with one version number.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/store/database.ts";
import { Prisma } from "../../src/store/generated/client.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";
import { storeBackends } from "../helpers/store-backends.ts";

describe.each(storeBackends)("agenda table on $name", ({ available, open }) => {
  let db: Database;
  let store: PrismaStore;
  let dispose = async () => {};
  let sipId = "";
  let otherSipId = "";
  let staffId = "";
  beforeAll(async () => {
    if (!available) return;
    ({ db, dispose } = await open());
    store = new PrismaStore(db.prisma);
    const staff = await store.createStaff({
      handle: "anna",
      displayName: "Anna (test)",
      principal: "MUNICIPALITY",
      role: "STAFF",
      unitId: null,
      locale: "sv",
    });
    staffId = staff.id;
    const person = await store.createPerson("K-7F3Q", null, staff.id);
    const other = await store.createPerson("K-8G4R", null, staff.id);
    if (person === null || other === null) throw new Error("no person");
    const at = new Date("2026-11-23T09:00:00Z");
    const sip = await store.createSip(person.id, "CONSENTED", staff.id, {}, at);
    const sip2 = await store.createSip(other.id, "CONSENTED", staff.id, {}, at);
    if (sip === null || sip2 === null) throw new Error("no SIP");
    sipId = sip.id;
    otherSipId = sip2.id;
  });
  afterAll(() => dispose());

  it.skipIf(!available)("numbers accepted agendas per SIP and reads the newest back", async () => {
    const s = store.scheduling;
    expect(await s.currentAgenda(sipId)).toBeNull();
    const at = new Date("2026-11-23T10:00:00Z");
    const first = await s.addAgenda({
      sipId,
      text: "1. Inledning",
      source: "template",
      edited: false,
      acceptedById: staffId,
      acceptedAt: at,
    });
    const second = await s.addAgenda({
      sipId,
      text: "1. Inledning\n2. Insatser",
      source: "model",
      edited: true,
      acceptedById: staffId,
      acceptedAt: at,
    });
    const elsewhere = await s.addAgenda({
      sipId: otherSipId,
      text: "Annan",
      source: "template",
      edited: false,
      acceptedById: staffId,
      acceptedAt: at,
    });
    expect([first.version, second.version, elsewhere.version]).toEqual([1, 2, 1]);
    expect(await s.currentAgenda(sipId)).toEqual(second);
    expect(second).toMatchObject({ source: "model", edited: true, acceptedAt: at });
    const raw = await db.runner.query<{ version: number; text: string; accepted_by_id: string }>(
      "SELECT version, text, accepted_by_id FROM sip_agenda WHERE sip_id = $1 ORDER BY version",
      [sipId],
    );
    expect(raw).toEqual([
      { version: 1, text: "1. Inledning", accepted_by_id: staffId },
      { version: 2, text: "1. Inledning\n2. Insatser", accepted_by_id: staffId },
    ]);
  });

  it.skipIf(!available)("refuses a second agenda with the same version, and one for no SIP", async () => {
    const data = {
      sipId,
      version: 1,
      text: "dubblett",
      source: "template",
      acceptedById: staffId,
      acceptedAt: new Date(),
    };
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => "created",
        (e: unknown) => (e instanceof Prisma.PrismaClientKnownRequestError ? e.code : String(e)),
      );
    expect(await code(db.prisma.sipAgenda.create({ data }))).toBe("P2002");
    expect(
      await code(
        db.prisma.sipAgenda.create({ data: { ...data, sipId: "00000000-0000-4000-8000-000000000000" } }),
      ),
    ).toBe("P2003");
  });
});
