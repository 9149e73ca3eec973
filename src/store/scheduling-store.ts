import { randomUUID } from "node:crypto";
import type {
  AgendaRecord,
  MeetingRecord,
  NewPoll,
  ParticipantKind,
  PollRecord,
  PollStatus,
  SchedulingStore,
} from "../app/scheduling-ports.ts";
import type { Answer } from "../domain/poll.ts";
import type { Prisma, PrismaClient } from "./generated/client.ts";
import { fromLocalDate, toLocalDate } from "./rows.ts";

type Db = PrismaClient | Prisma.TransactionClient;

const pollInclude = {
  sip: { select: { state: true, person: { select: { ref: true } } } },
  slots: { orderBy: { position: "asc" } },
  participants: { orderBy: { position: "asc" } },
} as const;
type PollRow = Prisma.MeetingPollGetPayload<{ include: typeof pollInclude }>;
type MeetingRow = Prisma.SipMeetingGetPayload<object>;

const POLL_STATUSES: readonly PollStatus[] = ["OPEN", "CLOSED", "BOOKED", "REPLACED", "CANCELLED"];
const KINDS: readonly ParticipantKind[] = ["STAFF", "PERSON", "RELATIVE", "ORGANISATION"];
const ANSWER_VALUES: readonly Answer[] = ["YES", "IF_NEED_BE", "NO"];

function meetingFromRow(r: MeetingRow): MeetingRecord {
  return {
    id: r.id,
    sipId: r.sipId,
    pollId: r.pollId,
    uid: r.uid,
    sequence: r.sequence,
    status: r.status === "CANCELLED" ? "CANCELLED" : "BOOKED",
    start: r.startsAt,
    end: r.endsAt,
    place: r.place,
    bookedById: r.bookedById,
  };
}

/** The scheduling tables, reached through Store.scheduling() so that a transaction's client is used. */
export class PrismaSchedulingStore implements SchedulingStore {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  private async toRecord(r: PollRow): Promise<PollRecord> {
    const staffIds = r.participants.flatMap((p) => (p.staffId === null ? [] : [p.staffId]));
    // One query after the other: inside a transaction they share one connection.
    const staff = await this.db.staffProfile.findMany({
      where: { id: { in: staffIds } },
      select: { id: true, displayName: true },
    });
    const votes = await this.db.pollVote.findMany({
      where: { slot: { pollId: r.id } },
      orderBy: { updatedAt: "asc" },
    });
    const names = new Map(staff.map((s) => [s.id, s.displayName]));
    return {
      id: r.id,
      sipId: r.sipId,
      personRef: r.sip.person.ref,
      sipState: r.sip.state,
      createdById: r.createdById,
      status: POLL_STATUSES.find((s) => s === r.status) ?? "CANCELLED",
      durationMinutes: r.durationMinutes,
      place: r.place,
      closesAt: r.closesAt,
      limitDate: toLocalDate(r.limitDate),
      createdAt: r.createdAt,
      slots: r.slots.map((s) => ({ id: s.id, position: s.position, start: s.startsAt, end: s.endsAt })),
      participants: r.participants.map((p) => ({
        id: p.id,
        position: p.position,
        staffId: p.staffId,
        name: (p.staffId === null ? null : names.get(p.staffId)) ?? p.label ?? "?",
        label: p.label,
        kind: KINDS.find((k) => k === p.kind) ?? "ORGANISATION",
        principal: p.principal,
        required: p.required,
        note: p.note,
      })),
      // A value this version does not know is left out rather than guessed.
      votes: votes.flatMap((v) => {
        const answer = ANSWER_VALUES.find((a) => a === v.answer);
        return answer === undefined
          ? []
          : [{ slotId: v.slotId, participantId: v.participantId, answer, recordedById: v.recordedById }];
      }),
    };
  }

  async createPoll(p: NewPoll): Promise<PollRecord> {
    const row = await this.db.meetingPoll.create({
      data: {
        sipId: p.sipId,
        createdById: p.createdById,
        durationMinutes: p.durationMinutes,
        place: p.place,
        closesAt: p.closesAt,
        limitDate: fromLocalDate(p.limitDate),
        slots: {
          create: p.slots.map((s, i) => ({ position: i + 1, startsAt: s.start, endsAt: s.end })),
        },
        participants: { create: p.participants.map((x, i) => ({ ...x, position: i + 1 })) },
      },
      include: pollInclude,
    });
    return this.toRecord(row);
  }

  async getPoll(id: string): Promise<PollRecord | null> {
    const row = await this.db.meetingPoll.findUnique({ where: { id }, include: pollInclude });
    return row === null ? null : this.toRecord(row);
  }

  async currentPoll(sipId: string): Promise<PollRecord | null> {
    const row = await this.db.meetingPoll.findFirst({
      where: { sipId, status: { in: ["OPEN", "CLOSED"] } },
      orderBy: { createdAt: "desc" },
      include: pollInclude,
    });
    return row === null ? null : this.toRecord(row);
  }

  async listOpenPolls(dueBy?: Date): Promise<PollRecord[]> {
    const rows = await this.db.meetingPoll.findMany({
      where: { status: "OPEN", ...(dueBy !== undefined && { closesAt: { lte: dueBy } }) },
      orderBy: { closesAt: "asc" },
      include: pollInclude,
    });
    const out: PollRecord[] = [];
    for (const r of rows) out.push(await this.toRecord(r));
    return out;
  }

  async setPollStatus(id: string, from: readonly PollStatus[], to: PollStatus, at: Date): Promise<boolean> {
    const { count } = await this.db.meetingPoll.updateMany({
      where: { id, status: { in: [...from] } },
      data: { status: to, ...(to !== "OPEN" && { closedAt: at }) },
    });
    return count === 1;
  }

  async setVotes(
    participantId: string,
    answers: readonly { slotId: string; answer: Answer }[],
    recordedById: string,
    at: Date,
  ): Promise<number> {
    let changed = 0;
    for (const a of answers) {
      const before = await this.db.pollVote.findUnique({
        where: { slotId_participantId: { slotId: a.slotId, participantId } },
      });
      if (before?.answer === a.answer) continue;
      await this.db.pollVote.upsert({
        where: { slotId_participantId: { slotId: a.slotId, participantId } },
        create: { slotId: a.slotId, participantId, answer: a.answer, recordedById },
        update: { answer: a.answer, recordedById },
      });
      changed++;
    }
    if (changed > 0)
      await this.db.pollParticipant.update({ where: { id: participantId }, data: { answeredAt: at } });
    return changed;
  }

  async setParticipantNote(participantId: string, note: string | null): Promise<void> {
    await this.db.pollParticipant.update({ where: { id: participantId }, data: { note } });
  }

  async sipConsentedAt(sipId: string): Promise<Date | null> {
    const row = await this.db.sip.findUnique({ where: { id: sipId }, select: { consentedAt: true } });
    return row?.consentedAt ?? null;
  }

  async currentMeeting(sipId: string): Promise<MeetingRecord | null> {
    const row = await this.db.sipMeeting.findFirst({
      where: { sipId },
      orderBy: [{ status: "asc" }, { updatedAt: "desc" }], // "BOOKED" sorts before "CANCELLED"
    });
    return row === null ? null : meetingFromRow(row);
  }

  async createMeeting(m: Omit<MeetingRecord, "id" | "uid" | "sequence" | "status">): Promise<MeetingRecord> {
    const id = randomUUID();
    const row = await this.db.sipMeeting.create({
      data: {
        id,
        sipId: m.sipId,
        pollId: m.pollId,
        // The iCalendar UID: globally unique, and the same for every version of this meeting's invitation.
        uid: `${id}@sip-assistent`,
        startsAt: m.start,
        endsAt: m.end,
        place: m.place,
        bookedById: m.bookedById,
      },
    });
    return meetingFromRow(row);
  }

  async updateMeeting(
    id: string,
    expectedSequence: number,
    change: Partial<Pick<MeetingRecord, "pollId" | "start" | "end" | "place" | "status" | "bookedById">>,
  ): Promise<MeetingRecord | null> {
    const { count } = await this.db.sipMeeting.updateMany({
      where: { id, sequence: expectedSequence },
      data: {
        sequence: expectedSequence + 1,
        ...(change.pollId !== undefined && { pollId: change.pollId }),
        ...(change.start !== undefined && { startsAt: change.start }),
        ...(change.end !== undefined && { endsAt: change.end }),
        ...(change.place !== undefined && { place: change.place }),
        ...(change.status !== undefined && { status: change.status }),
        ...(change.bookedById !== undefined && { bookedById: change.bookedById }),
      },
    });
    if (count === 0) return null;
    return meetingFromRow(await this.db.sipMeeting.findUniqueOrThrow({ where: { id } }));
  }

  // ---- agenda: accepted versions, the newest one current ----

  async addAgenda(a: Omit<AgendaRecord, "id" | "version">): Promise<AgendaRecord> {
    // The caller holds the person's lock, so two acceptances do not race for a number; the unique key
    // (sip_id, version) would refuse the second if they did.
    const last = await this.db.sipAgenda.findFirst({
      where: { sipId: a.sipId },
      orderBy: { version: "desc" },
      select: { version: true },
    });
    const row = await this.db.sipAgenda.create({
      data: { ...a, id: randomUUID(), version: (last?.version ?? 0) + 1 },
    });
    return agendaFromRow(row);
  }

  async currentAgenda(sipId: string): Promise<AgendaRecord | null> {
    const row = await this.db.sipAgenda.findFirst({ where: { sipId }, orderBy: { version: "desc" } });
    return row === null ? null : agendaFromRow(row);
  }
}

function agendaFromRow(r: Prisma.SipAgendaGetPayload<object>): AgendaRecord {
  return {
    id: r.id,
    sipId: r.sipId,
    version: r.version,
    text: r.text,
    source: r.source === "model" ? "model" : "template",
    edited: r.edited,
    acceptedById: r.acceptedById,
    acceptedAt: r.acceptedAt,
  };
}
