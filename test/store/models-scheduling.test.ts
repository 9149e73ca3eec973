// The scheduling tables (meeting_poll, poll_slot, poll_participant, poll_vote, sip_meeting) on both
// backends, through the SchedulingStore the use cases use and through raw SQL, so the migration and the
// schema cannot drift apart unseen; and the unique keys that make a repeated vote replace, not add.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/store/database.ts";
import { Prisma } from "../../src/store/generated/client.ts";
import { PrismaStore } from "../../src/store/prisma-store.ts";
import { storeBackends } from "../helpers/store-backends.ts";

describe.each(storeBackends)("scheduling tables on $name", ({ available, open }) => {
  let db: Database;
  let store: PrismaStore;
  let dispose = async () => {};
  let sipId = "";
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
    if (person === null) throw new Error("no person");
    const sip = await store.createSip(person.id, "CONSENTED", staff.id, {}, new Date("2026-11-23T09:00:00Z"));
    if (sip === null) throw new Error("no SIP");
    sipId = sip.id;
  });
  afterAll(() => dispose());

  it.skipIf(!available)(
    "stores a poll with its times, participants and answers, and reads it back",
    async () => {
      const s = store.scheduling;
      const poll = await s.createPoll({
        sipId,
        createdById: staffId,
        durationMinutes: 60,
        place: "Rum 3",
        closesAt: new Date("2026-11-26T23:00:00Z"),
        limitDate: "2026-12-14",
        slots: [
          { start: new Date("2026-12-01T08:00:00Z"), end: new Date("2026-12-01T09:00:00Z") },
          { start: new Date("2026-12-02T12:00:00Z"), end: new Date("2026-12-02T13:00:00Z") },
        ],
        participants: [
          { staffId, label: null, kind: "STAFF", principal: "MUNICIPALITY", required: true },
          { staffId: null, label: "personen själv", kind: "PERSON", principal: "OTHER", required: true },
        ],
      });
      expect(poll).toMatchObject({
        personRef: "K-7F3Q",
        sipState: "CONSENTED",
        status: "OPEN",
        limitDate: "2026-12-14",
      });
      expect(poll.participants.map((p) => [p.position, p.name, p.kind])).toEqual([
        [1, "Anna (test)", "STAFF"],
        [2, "personen själv", "PERSON"],
      ]);
      const [one, two] = poll.slots;
      const [me] = poll.participants;
      if (one === undefined || two === undefined || me === undefined) throw new Error("incomplete poll");
      const at = new Date("2026-11-24T10:00:00Z");
      expect(
        await s.setVotes(
          me.id,
          [
            { slotId: one.id, answer: "YES" },
            { slotId: two.id, answer: "NO" },
          ],
          staffId,
          at,
        ),
      ).toBe(2);
      expect(await s.setVotes(me.id, [{ slotId: one.id, answer: "YES" }], staffId, at)).toBe(0);
      expect(await s.setVotes(me.id, [{ slotId: two.id, answer: "IF_NEED_BE" }], staffId, at)).toBe(1);
      await s.setParticipantNote(me.id, "helst förmiddag");
      const read = await s.getPoll(poll.id);
      expect(read?.votes.map((v) => [v.slotId === one.id ? 1 : 2, v.answer]).sort()).toEqual([
        [1, "YES"],
        [2, "IF_NEED_BE"],
      ]);
      expect(read?.participants[0]?.note).toBe("helst förmiddag");
      expect((await s.currentPoll(sipId))?.id).toBe(poll.id);
      expect((await s.listOpenPolls(new Date("2026-11-26T22:59:00Z"))).map((p) => p.id)).toEqual([]);
      expect((await s.listOpenPolls(new Date("2026-11-26T23:00:00Z"))).map((p) => p.id)).toEqual([poll.id]);

      // The database itself refuses a second answer row for the same person and time.
      const dup = await db.prisma.pollVote
        .create({ data: { slotId: one.id, participantId: me.id, answer: "NO", recordedById: staffId } })
        .then(
          () => null,
          (e: unknown) => (e instanceof Prisma.PrismaClientKnownRequestError ? e.code : String(e)),
        );
      expect(dup).toBe("P2002");

      expect(await s.setPollStatus(poll.id, ["OPEN"], "CLOSED", at)).toBe(true);
      expect(await s.setPollStatus(poll.id, ["OPEN"], "CLOSED", at)).toBe(false);
      const raw = await db.runner.query<{ status: string; closed_at: string | null }>(
        "SELECT status, closed_at FROM meeting_poll WHERE id = $1",
        [poll.id],
      );
      expect(raw[0]?.status).toBe("CLOSED");
      expect(raw[0]?.closed_at).not.toBeNull();
    },
  );

  it.skipIf(!available)(
    "keeps a meeting's UID and moves its sequence only from the expected one",
    async () => {
      const s = store.scheduling;
      const m = await s.createMeeting({
        sipId,
        pollId: null,
        start: new Date("2026-12-01T08:00:00Z"),
        end: new Date("2026-12-01T09:00:00Z"),
        place: "Rum 3",
        bookedById: staffId,
      });
      expect(m).toMatchObject({ sequence: 0, status: "BOOKED" });
      expect(m.uid).toMatch(/^[0-9a-f-]{36}@sip-assistent$/);
      const moved = await s.updateMeeting(m.id, 0, { start: new Date("2026-12-02T08:00:00Z") });
      expect(moved).toMatchObject({ uid: m.uid, sequence: 1 });
      expect(await s.updateMeeting(m.id, 0, { status: "CANCELLED" })).toBeNull(); // someone changed it first
      expect((await s.currentMeeting(sipId))?.sequence).toBe(1);
      expect(await s.sipConsentedAt(sipId)).toEqual(new Date("2026-11-23T09:00:00Z"));
    },
  );
});
