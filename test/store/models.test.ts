// Every model of prisma/schema.prisma against the migrated database, on both backends: the hand-written
// migration SQL and the schema cannot drift apart without a test here failing.
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/store/database.ts";
import { Prisma } from "../../src/store/generated/client.ts";
import { storeBackends } from "../helpers/store-backends.ts";

const SCHEMA = fileURLToPath(new URL("../../prisma/schema.prisma", import.meta.url));
const MIGRATIONS = fileURLToPath(new URL("../../prisma/migrations", import.meta.url));

// The models the suite below exercises; a new model fails the coverage test until it gets a test here.
const EXERCISED = [
  "Unit",
  "StaffProfile",
  "StaffIdentity",
  "Person",
  "PersonLink",
  "Effort",
  "Sip",
  "SipTransition",
  "Consent",
  "Participant",
  "Commitment",
  "CommitmentHistory",
  "AuditEvent",
  "ProcessedEvent",
  "OutboxMessage",
  "ChatReference", // test/store/models-teams.test.ts
  "ImportRun", // test/store/models-ingest.test.ts
  "MeetingPoll", // test/store/models-scheduling.test.ts
  "PollSlot",
  "PollParticipant",
  "PollVote",
  "SipMeeting",
  "SipAgenda", // test/store/models-agenda.test.ts
];

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);

async function prismaError(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Prisma.PrismaClientKnownRequestError);
  return (error as Prisma.PrismaClientKnownRequestError).code;
}

describe.each(storeBackends)("every model on $name", ({ available, open }) => {
  let db: Database;
  let dispose = async () => {};
  beforeAll(async () => {
    if (!available) return;
    ({ db, dispose } = await open());
  });
  afterAll(() => dispose());
  const prisma = () => db.prisma;

  it.skipIf(!available)("stores units, staff and their platform identities", async () => {
    const unit = await prisma().unit.create({ data: { name: "Hemtjänst Norr", principal: "MUNICIPALITY" } });
    const staff = await prisma().staffProfile.create({
      data: { handle: "anna", displayName: "Anna Berg", principal: "MUNICIPALITY", unitId: unit.id },
    });
    const identity = { staffId: staff.id, platform: "slack", tenant: "T01", userId: "U01" };
    await prisma().staffIdentity.create({ data: identity });

    const read = await prisma().staffProfile.findUniqueOrThrow({
      where: { handle: "anna" },
      include: { unit: true, identities: true },
    });
    expect(read).toMatchObject({ role: "STAFF", locale: "sv", unit: { name: "Hemtjänst Norr" } });
    expect(read.identities).toEqual([
      expect.objectContaining({ platform: "slack", tenant: "T01", userId: "U01" }),
    ]);
    expect(read.createdAt).toBeInstanceOf(Date);

    expect(await prismaError(prisma().staffIdentity.create({ data: identity }))).toBe("P2002");
    await prisma().staffIdentity.create({ data: { ...identity, tenant: "T02" } });
  });

  it.skipIf(!available)(
    "stores persons and efforts, with dates as dates and imports deduplicated",
    async () => {
      const person = await prisma().person.create({ data: { ref: "K-7F3Q", identifierHash: "hmac-1" } });
      await prisma().person.create({ data: { ref: "K-2B9X" } });
      await prisma().person.create({ data: { ref: "K-5C1D" } }); // several persons without a hash are fine
      expect(await prismaError(prisma().person.create({ data: { ref: "K-7F3Q" } }))).toBe("P2002");
      expect(
        await prismaError(prisma().person.create({ data: { ref: "K-0000", identifierHash: "hmac-1" } })),
      ).toBe("P2002");

      const effort = {
        personId: person.id,
        kind: "hemtjanst",
        principal: "MUNICIPALITY" as const,
        startDate: day("2026-03-01"),
        endDate: day("2026-12-31"),
        source: "treserva",
        externalId: "E-100",
      };
      const created = await prisma().effort.create({ data: effort });
      const read = await prisma().effort.findUniqueOrThrow({ where: { id: created.id } });
      expect(read.startDate.toISOString()).toBe("2026-03-01T00:00:00.000Z");
      expect(read.endDate?.toISOString()).toBe("2026-12-31T00:00:00.000Z");
      expect(await prismaError(prisma().effort.create({ data: effort }))).toBe("P2002");
      // Efforts told in chat have no external id and are never taken for duplicates of each other.
      const chat = { ...effort, source: "chat", externalId: null };
      await prisma().effort.createMany({ data: [chat, chat] });
      expect(await prisma().effort.count({ where: { personId: person.id } })).toBe(3);
    },
  );

  it.skipIf(!available)(
    "links staff to a person once per pair, and refuses to delete either side of a link",
    async () => {
      const person = await prisma().person.create({ data: { ref: "K-LNK1", identifierHash: "hmac-link" } });
      const anna = await prisma().staffProfile.create({
        data: { handle: "link-anna", displayName: "Anna Link", principal: "MUNICIPALITY" },
      });
      const bo = await prisma().staffProfile.create({
        data: { handle: "link-bo", displayName: "Bo Link", principal: "REGION" },
      });
      await prisma().personLink.create({ data: { personId: person.id, staffId: anna.id, kind: "CREATED" } });
      const link = { personId: person.id, staffId: bo.id, kind: "MATCHED" };
      expect(await prisma().personLink.createMany({ data: [link], skipDuplicates: true })).toEqual({
        count: 1,
      });
      // The pair is the key: a second link, of any kind, is a duplicate and changes nothing.
      expect(
        await prisma().personLink.createMany({ data: [{ ...link, kind: "CREATED" }], skipDuplicates: true }),
      ).toEqual({ count: 0 });
      expect(await prismaError(prisma().personLink.create({ data: link }))).toBe("P2002");

      const read = await prisma().person.findUniqueOrThrow({
        where: { id: person.id },
        include: { links: { include: { staff: true }, orderBy: { staff: { handle: "asc" } } } },
      });
      expect(read.links.map((l) => [l.staff.handle, l.kind])).toEqual([
        ["link-anna", "CREATED"],
        ["link-bo", "MATCHED"],
      ]);
      expect(read.links[0]?.createdAt).toBeInstanceOf(Date);
      const bos = await prisma().staffProfile.findUniqueOrThrow({
        where: { id: bo.id },
        include: { personLinks: true },
      });
      expect(bos.personLinks).toEqual([expect.objectContaining({ personId: person.id, kind: "MATCHED" })]);

      // Both ends must exist, and neither can be deleted while linked.
      const nobody = "00000000-0000-4000-8000-000000000099";
      expect(await prismaError(prisma().personLink.create({ data: { ...link, staffId: nobody } }))).toBe(
        "P2003",
      );
      expect(await prismaError(prisma().person.delete({ where: { id: person.id } }))).toBe("P2003");
      expect(await prismaError(prisma().staffProfile.delete({ where: { id: bo.id } }))).toBe("P2003");
      expect(await prisma().personLink.count({ where: { personId: person.id } })).toBe(2);
    },
  );

  it.skipIf(!available)("stores a SIP with its transitions, participants and consent", async () => {
    const person = await prisma().person.create({ data: { ref: "K-SIP1" } });
    const staff = await prisma().staffProfile.create({
      data: { handle: "bo", displayName: "Bo Ek", principal: "REGION" },
    });
    const sip = await prisma().sip.create({
      data: {
        personId: person.id,
        state: "SUGGESTED",
        initiatorId: staff.id,
        followUpDate: day("2027-01-15"),
      },
    });
    await prisma().sipTransition.create({ data: { sipId: sip.id, toState: "SUGGESTED", actorId: staff.id } });
    await prisma().participant.createMany({
      data: [
        { sipId: sip.id, staffId: staff.id, principal: "REGION", role: "INITIATOR" },
        { sipId: sip.id, name: "den enskilde", principal: "OTHER", role: "PERSON" },
        { sipId: sip.id, name: "närstående", principal: "OTHER", role: "RELATIVE", required: false },
      ],
    });
    await prisma().consent.create({
      data: {
        personId: person.id,
        principals: ["REGION", "MUNICIPALITY"],
        parties: "vårdcentralen, hemtjänsten",
        validFrom: day("2026-03-01"),
        recordedById: staff.id,
      },
    });

    const read = await prisma().sip.findUniqueOrThrow({
      where: { id: sip.id },
      include: {
        transitions: true,
        participants: { orderBy: { createdAt: "asc" } },
        person: { include: { consents: true } },
      },
    });
    expect(read.followUpDate?.toISOString()).toBe("2027-01-15T00:00:00.000Z");
    expect(read.updatedAt).toBeInstanceOf(Date);
    expect(read.transitions).toEqual([expect.objectContaining({ fromState: null, toState: "SUGGESTED" })]);
    expect(read.participants.map((p) => p.role).sort()).toEqual(["INITIATOR", "PERSON", "RELATIVE"]);
    expect(read.person.consents[0]).toMatchObject({
      principals: ["REGION", "MUNICIPALITY"],
      givenBy: "PERSON",
    });
    expect(read.person.consents[0]?.validFrom.toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(
      await prismaError(
        prisma().participant.create({ data: { sipId: sip.id, staffId: staff.id, principal: "REGION" } }),
      ),
    ).toBe("P2002");
  });

  it.skipIf(!available)("numbers commitments in sequence and keeps their history", async () => {
    const person = await prisma().person.create({ data: { ref: "K-COM1" } });
    const sip = await prisma().sip.create({ data: { personId: person.id, state: "HELD" } });
    const staff = await prisma().staffProfile.create({
      data: { handle: "cia", displayName: "Cia Lund", principal: "REGION" },
    });
    const base = {
      sipId: sip.id,
      principal: "REGION" as const,
      createdById: staff.id,
      ownerStaffId: staff.id,
    };
    const first = await prisma().commitment.create({
      data: { ...base, what: "Boka läkarbesök", dueDate: day("2026-04-30") },
    });
    const second = await prisma().commitment.create({ data: { ...base, what: "Ringa anhörig" } });
    expect(second.number).toBe(first.number + 1);
    expect(first).toMatchObject({ status: "OPEN" });
    expect(first.dueDate?.toISOString()).toBe("2026-04-30T00:00:00.000Z");

    await prisma().commitmentHistory.create({
      data: {
        commitmentId: first.id,
        change: "CREATED",
        actorId: staff.id,
        detail: { what: "Boka läkarbesök" },
      },
    });
    const read = await prisma().commitment.findUniqueOrThrow({
      where: { number: first.number },
      include: { history: true },
    });
    expect(read.history).toEqual([
      expect.objectContaining({ change: "CREATED", detail: { what: "Boka läkarbesök" } }),
    ]);
  });

  it.skipIf(!available)("stores audit events, processed events once, and outbox messages once", async () => {
    const event = await prisma().auditEvent.create({
      data: { action: "PERSON_READ", basis: "CONSENT", personRef: "K-7F3Q", detail: { via: "slack" } },
    });
    expect(typeof event.id).toBe("bigint");
    expect(await prisma().auditEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      action: "PERSON_READ",
      actorId: null,
      detail: { via: "slack" },
    });

    await prisma().processedEvent.create({ data: { source: "slack", eventId: "Ev01" } });
    expect(
      await prismaError(prisma().processedEvent.create({ data: { source: "slack", eventId: "Ev01" } })),
    ).toBe("P2002");
    await prisma().processedEvent.create({ data: { source: "teams", eventId: "Ev01" } });

    const message = {
      dedupeKey: "reminder:c12:2026-04-29",
      recipientId: "00000000-0000-4000-8000-000000000001",
      payload: { text: "Påminnelse", blocks: [] },
    };
    const outbox = await prisma().outboxMessage.create({ data: message });
    expect(outbox).toMatchObject({
      status: "PENDING",
      attempts: 0,
      platformRef: null,
      payload: message.payload,
    });
    expect(await prismaError(prisma().outboxMessage.create({ data: message }))).toBe("P2002");
  });

  it.skipIf(!available)("refuses to delete a person who has efforts, and deletes nothing", async () => {
    const person = await prisma().person.create({ data: { ref: "K-DEL1" } });
    await prisma().effort.create({
      data: {
        personId: person.id,
        kind: "vard",
        principal: "REGION",
        startDate: day("2026-01-01"),
        source: "chat",
      },
    });
    expect(await prismaError(prisma().person.delete({ where: { id: person.id } }))).toBe("P2003");
    expect(await prisma().person.findUnique({ where: { id: person.id } })).not.toBeNull();
    expect(await prisma().effort.count({ where: { personId: person.id } })).toBe(1);
  });
});

describe("the schema", () => {
  it("has a test above for every model", async () => {
    const schema = await readFile(SCHEMA, "utf8");
    const models = [...schema.matchAll(/^model\s+(\w+)\s*\{/gm)].map((m) => m[1]);
    expect(models.sort()).toEqual([...EXERCISED].sort());
  });

  it("never cascades or nulls a person's records on delete", async () => {
    const schema = await readFile(SCHEMA, "utf8");
    const relations = [...schema.matchAll(/@relation\(([^)]*)\)/g)].map((m) => m[1] ?? "");
    const owning = relations.filter((r) => r.includes("fields:"));
    expect(owning.length).toBeGreaterThan(0);
    // Prisma's default for an optional relation is SetNull, so every relation must say what it does.
    expect(owning.filter((r) => !/onDelete:\s*(Restrict|NoAction)\b/.test(r))).toEqual([]);
    expect(relations.filter((r) => /onDelete:\s*(Cascade|SetNull|SetDefault)/.test(r))).toEqual([]);

    for (const dir of await readdir(MIGRATIONS, { withFileTypes: true })) {
      if (!dir.isDirectory()) continue;
      const sql = await readFile(`${MIGRATIONS}/${dir.name}/migration.sql`, "utf8");
      expect(sql, dir.name).not.toMatch(/ON\s+DELETE\s+(CASCADE|SET\s+NULL|SET\s+DEFAULT)/i);
    }
  });
});
