import type {
  AuditEntry,
  ChatReferenceRecord,
  CommitmentRecord,
  ConsentRecord,
  EffortRecord,
  NewStaff,
  NewCommitment,
  NewEffort,
  OutboxEntry,
  PersonLinkKind,
  PersonRecord,
  SipChange,
  SipRecord,
  StaffMember,
  Store,
  UnitRecord,
} from "../app/ports.ts";
import type { FollowThroughStore } from "../app/digest-ports.ts";
import type { ImportStore } from "../app/import-ports.ts";
import type { SchedulingStore } from "../app/scheduling-ports.ts";
import type { CommitmentStatus } from "../domain/commitment.ts";
import type { Principal } from "../domain/principal.ts";
import type { SipState } from "../domain/sip-lifecycle.ts";
import { Prisma, type PrismaClient } from "./generated/client.ts";
import { PrismaImportStore } from "./import-store.ts";
import { PrismaSchedulingStore } from "./scheduling-store.ts";
import { DigestSql } from "./digest-store.ts";
import {
  commitmentFromRow,
  commitmentInclude,
  consentFromRow,
  effortFromRow,
  fromLocalDate,
  sipFromRow,
  staffFromRow,
  staffInclude,
} from "./rows.ts";

type Db = PrismaClient | Prisma.TransactionClient;
const personSelect = { id: true, ref: true, createdById: true } as const;

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Prisma.PrismaClientKnownRequestError && e.code === "P2002";
}

function sipData(change: SipChange) {
  return {
    ...(change.state !== undefined && { state: change.state }),
    ...(change.initiatorId !== undefined && { initiatorId: change.initiatorId }),
    ...(change.chairId !== undefined && { chairId: change.chairId }),
    ...(change.overallPrincipal !== undefined && { overallPrincipal: change.overallPrincipal }),
    ...(change.followUpDate !== undefined && { followUpDate: fromLocalDate(change.followUpDate) }),
    ...(change.dismissReason !== undefined && { dismissReason: change.dismissReason }),
  };
}

// Timestamps for the lifecycle milestones the manager digest counts.
function milestone(state: SipState | undefined, at: Date) {
  switch (state) {
    case "SUGGESTED":
      return { suggestedAt: at };
    case "CONSENTED":
      return { consentedAt: at };
    case "SCHEDULED":
      return { scheduledAt: at };
    case "HELD":
      return { heldAt: at };
    case "CLOSED":
    case "DECLINED":
    case "WITHDRAWN":
      return { closedAt: at };
    default:
      return {};
  }
}

/** The one Store implementation: Prisma over PGlite or PostgreSQL. */
export class PrismaStore implements Store {
  private readonly db: Db;
  private readonly root: PrismaClient | null;

  constructor(db: PrismaClient, inTransaction?: Prisma.TransactionClient) {
    this.root = inTransaction === undefined ? db : null;
    this.db = inTransaction ?? db;
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.root === null) return fn(this); // already inside one: join it
    const root = this.root;
    // maxWait (Prisma's default is 2 s) is how long a turn may queue for a connection. With the default, 896
    // of 1,000 Slack events sent at once to a bot on PostgreSQL failed (P2028) instead of waiting their turn.
    return root.$transaction((tx) => fn(new PrismaStore(root, tx)), { timeout: 15_000, maxWait: 60_000 });
  }

  // ---------- staff and units ----------

  async findStaffByIdentity(platform: string, tenant: string, userId: string): Promise<StaffMember | null> {
    const row = await this.db.staffIdentity.findUnique({
      where: { platform_tenant_userId: { platform, tenant, userId } },
      include: { staff: { include: staffInclude } },
    });
    return row === null ? null : staffFromRow(row.staff);
  }

  async findStaffByHandle(handle: string): Promise<StaffMember | null> {
    const row = await this.db.staffProfile.findUnique({
      where: { handle: handle.toLowerCase() },
      include: staffInclude,
    });
    return row === null ? null : staffFromRow(row);
  }

  async getStaff(id: string): Promise<StaffMember | null> {
    const row = await this.db.staffProfile.findUnique({ where: { id }, include: staffInclude });
    return row === null ? null : staffFromRow(row);
  }

  countStaff(): Promise<number> {
    return this.db.staffProfile.count();
  }

  async createStaff({ approved = true, ...s }: NewStaff): Promise<StaffMember> {
    const row = await this.db.staffProfile.create({
      data: { ...s, handle: s.handle.toLowerCase(), approvedAt: approved ? new Date() : null },
      include: staffInclude,
    });
    return staffFromRow(row);
  }

  async approveStaff(handle: string, at: Date): Promise<boolean> {
    const { count } = await this.db.staffProfile.updateMany({
      where: { handle: handle.toLowerCase(), approvedAt: null },
      data: { approvedAt: at },
    });
    return count === 1;
  }

  async listStaff(): Promise<StaffMember[]> {
    const rows = await this.db.staffProfile.findMany({ include: staffInclude, orderBy: { handle: "asc" } });
    return rows.map(staffFromRow);
  }

  async linkIdentity(staffId: string, platform: string, tenant: string, userId: string): Promise<void> {
    await this.db.staffIdentity.upsert({
      where: { platform_tenant_userId: { platform, tenant, userId } },
      create: { staffId, platform, tenant, userId },
      update: { staffId },
    });
  }

  listIdentities(staffId: string): Promise<{ platform: string; tenant: string; userId: string }[]> {
    return this.db.staffIdentity.findMany({
      where: { staffId },
      select: { platform: true, tenant: true, userId: true },
      orderBy: { platform: "asc" },
    });
  }

  findUnitByName(name: string): Promise<UnitRecord | null> {
    return this.db.unit.findFirst({ where: { name: { equals: name.trim(), mode: "insensitive" } } });
  }

  listUnits(): Promise<UnitRecord[]> {
    return this.db.unit.findMany({ orderBy: { name: "asc" } });
  }

  createUnit(name: string, principal: Principal): Promise<UnitRecord> {
    return this.db.unit.create({ data: { name, principal } });
  }

  // ---------- persons and efforts ----------

  findPersonByRef(ref: string): Promise<PersonRecord | null> {
    return this.db.person.findUnique({ where: { ref }, select: personSelect });
  }

  async lockPerson(personId: string): Promise<void> {
    await this.db.$queryRaw`SELECT 1 FROM "person" WHERE "id" = ${personId}::uuid FOR UPDATE`;
  }

  findPersonByIdentifierHash(hash: string): Promise<PersonRecord | null> {
    return this.db.person.findUnique({ where: { identifierHash: hash }, select: personSelect });
  }

  async createPerson(
    ref: string,
    identifierHash: string | null,
    createdById: string,
  ): Promise<PersonRecord | null> {
    try {
      // createMany with skipDuplicates is an INSERT ... ON CONFLICT DO NOTHING: a collision does not
      // abort an enclosing PostgreSQL transaction the way a failed INSERT would.
      const { count } = await this.db.person.createMany({
        data: [{ ref, identifierHash, createdById }],
        skipDuplicates: true,
      });
      return count === 1 ? this.findPersonByRef(ref) : null;
    } catch (e) {
      if (isUniqueViolation(e)) return null;
      throw e;
    }
  }

  async linkStaffToPerson(personId: string, staffId: string, kind: PersonLinkKind): Promise<void> {
    // ON CONFLICT DO NOTHING: the first link stays (a creator who later matches remains the creator), and a
    // repeat does not abort the caller's transaction.
    await this.db.personLink.createMany({ data: [{ personId, staffId, kind }], skipDuplicates: true });
  }

  async listPersonLinks(personId: string): Promise<string[]> {
    const rows = await this.db.personLink.findMany({
      where: { personId },
      select: { staffId: true },
      orderBy: [{ createdAt: "asc" }, { staffId: "asc" }],
    });
    return rows.map((r) => r.staffId);
  }

  async listEfforts(personId: string): Promise<EffortRecord[]> {
    const rows = await this.db.effort.findMany({
      where: { personId },
      include: { unit: true },
      orderBy: [{ startDate: "asc" }, { createdAt: "asc" }],
    });
    return rows.map(effortFromRow);
  }

  async createEffort(e: NewEffort): Promise<EffortRecord> {
    const row = await this.db.effort.create({
      data: { ...e, startDate: fromLocalDate(e.startDate), endDate: fromLocalDate(e.endDate) },
      include: { unit: true },
    });
    return effortFromRow(row);
  }

  async endEffort(id: string, endDate: string): Promise<void> {
    await this.db.effort.update({ where: { id }, data: { endDate: fromLocalDate(endDate) } });
  }

  // ---------- SIPs and participants ----------

  async listSips(personId: string): Promise<SipRecord[]> {
    const rows = await this.db.sip.findMany({ where: { personId }, orderBy: { createdAt: "asc" } });
    return rows.map(sipFromRow);
  }

  async createSip(
    personId: string,
    state: SipState,
    actorId: string | null,
    change: SipChange,
    at: Date,
  ): Promise<SipRecord | null> {
    // ON CONFLICT DO NOTHING against the partial unique index "one open SIP per person": a concurrent
    // second suggestion is skipped instead of aborting the caller's transaction.
    const rows = await this.db.sip.createManyAndReturn({
      data: [{ personId, ...sipData(change), state, ...milestone(state, at) }],
      skipDuplicates: true,
    });
    const row = rows[0];
    if (row === undefined) return null;
    await this.db.sipTransition.create({
      data: { sipId: row.id, fromState: null, toState: state, actorId, at },
    });
    return sipFromRow(row);
  }

  async updateSip(
    sip: SipRecord,
    change: SipChange,
    actorId: string | null,
    at: Date,
    reason?: string,
  ): Promise<SipRecord | null> {
    const moves = change.state !== undefined && change.state !== sip.state;
    // Optimistic: if someone else changed the SIP since it was read, nothing is written and the caller
    // gets null, rather than one change silently overwriting the other.
    const { count } = await this.db.sip.updateMany({
      where: { id: sip.id, updatedAt: sip.updatedAt },
      data: { ...sipData(change), ...(moves ? milestone(change.state, at) : {}) },
    });
    if (count === 0) return null;
    if (moves && change.state !== undefined) {
      await this.db.sipTransition.create({
        data: {
          sipId: sip.id,
          fromState: sip.state,
          toState: change.state,
          actorId,
          reason: reason ?? null,
          at,
        },
      });
    }
    const row = await this.db.sip.findUniqueOrThrow({ where: { id: sip.id } });
    return sipFromRow(row);
  }

  async addParticipant(sipId: string, staffId: string, principal: Principal, role: string): Promise<void> {
    await this.db.participant.createMany({
      data: [{ sipId, staffId, principal, role }],
      skipDuplicates: true,
    });
  }

  async listParticipantStaffIds(sipId: string): Promise<string[]> {
    const rows = await this.db.participant.findMany({
      where: { sipId, staffId: { not: null } },
      select: { staffId: true },
    });
    return rows.flatMap((r) => (r.staffId === null ? [] : [r.staffId]));
  }

  // ---------- consent ----------

  async listConsents(personId: string): Promise<ConsentRecord[]> {
    const rows = await this.db.consent.findMany({ where: { personId }, orderBy: { recordedAt: "asc" } });
    return rows.map(consentFromRow);
  }

  async createConsent(c: Omit<ConsentRecord, "id" | "recordedAt" | "withdrawnAt">): Promise<ConsentRecord> {
    const row = await this.db.consent.create({
      data: {
        personId: c.personId,
        principals: [...c.principals],
        parties: c.parties,
        exclusions: c.exclusions,
        validFrom: fromLocalDate(c.validFrom),
        validTo: fromLocalDate(c.validTo),
        givenBy: c.givenBy,
        recordedById: c.recordedById,
      },
    });
    return consentFromRow(row);
  }

  async withdrawConsents(personId: string, at: Date, byId: string): Promise<number> {
    const { count } = await this.db.consent.updateMany({
      where: { personId, withdrawnAt: null },
      data: { withdrawnAt: at, withdrawnById: byId },
    });
    return count;
  }

  // ---------- commitments ----------

  async createCommitment(c: NewCommitment): Promise<CommitmentRecord> {
    const row = await this.db.commitment.create({
      data: {
        ...c,
        dueDate: fromLocalDate(c.dueDate),
        history: { create: { change: "CREATED", actorId: c.createdById } },
      },
      include: commitmentInclude,
    });
    return commitmentFromRow(row);
  }

  async findCommitmentByNumber(n: number): Promise<CommitmentRecord | null> {
    const row = await this.db.commitment.findUnique({ where: { number: n }, include: commitmentInclude });
    return row === null ? null : commitmentFromRow(row);
  }

  async listCommitmentsForSip(sipId: string): Promise<CommitmentRecord[]> {
    const rows = await this.db.commitment.findMany({
      where: { sipId },
      include: commitmentInclude,
      orderBy: { number: "asc" },
    });
    return rows.map(commitmentFromRow);
  }

  async listOpenCommitmentsForOwner(staffId: string): Promise<CommitmentRecord[]> {
    const rows = await this.db.commitment.findMany({
      where: { ownerStaffId: staffId, status: "OPEN" },
      include: commitmentInclude,
      orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { number: "asc" }],
    });
    return rows.map(commitmentFromRow);
  }

  async setCommitmentStatus(id: string, status: CommitmentStatus, actorId: string): Promise<void> {
    await this.db.commitment.update({
      where: { id },
      data: { status, history: { create: { change: status === "OPEN" ? "REOPENED" : status, actorId } } },
    });
  }

  // ---------- audit, outbox, deduplication ----------

  async audit(entry: AuditEntry): Promise<void> {
    await this.db.auditEvent.create({
      data: {
        actorId: entry.actorId,
        action: entry.action,
        personRef: entry.personRef,
        unitId: entry.unitId,
        basis: entry.basis,
        detail: (entry.detail ?? Prisma.JsonNull) as Prisma.InputJsonValue,
      },
    });
  }

  async enqueueOutbox(dedupeKey: string, recipientId: string, payload: unknown): Promise<boolean> {
    const { count } = await this.db.outboxMessage.createMany({
      data: [{ dedupeKey, recipientId, payload: payload as Prisma.InputJsonValue }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  async pendingOutbox(limit: number, platform?: string): Promise<OutboxEntry[]> {
    const recipients =
      platform === undefined
        ? undefined
        : (await this.db.staffIdentity.findMany({ where: { platform }, select: { staffId: true } })).map(
            (r) => r.staffId,
          );
    const rows = await this.db.outboxMessage.findMany({
      where: { status: "PENDING", ...(recipients !== undefined && { recipientId: { in: recipients } }) },
      orderBy: { createdAt: "asc" },
      take: limit,
    });
    return rows.map((r) => ({ id: r.id, recipientId: r.recipientId, payload: r.payload }));
  }

  async cancelPendingOutbox(personRef: string): Promise<number> {
    const { count } = await this.db.outboxMessage.updateMany({
      where: { status: "PENDING", payload: { path: ["personRef"], equals: personRef } },
      data: { status: "CANCELLED" },
    });
    return count;
  }

  async markOutboxFailed(id: string): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: { status: "FAILED", attempts: { increment: 1 } },
    });
  }

  async markOutboxSent(id: string, platformRef: string | null): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: { status: "SENT", sentAt: new Date(), platformRef, attempts: { increment: 1 } },
    });
  }

  async markEventProcessed(source: string, eventId: string): Promise<boolean> {
    const { count } = await this.db.processedEvent.createMany({
      data: [{ source, eventId }],
      skipDuplicates: true,
    });
    return count === 1;
  }

  // ---- chat references (Teams) ----
  async saveChatReference(r: ChatReferenceRecord): Promise<void> {
    const data = {
      tenant: r.tenant,
      kind: r.kind,
      userId: r.userId,
      reference: r.reference as Prisma.InputJsonValue,
    };
    await this.db.chatReference.upsert({
      where: { platform_conversationId: { platform: r.platform, conversationId: r.conversationId } },
      create: { platform: r.platform, conversationId: r.conversationId, ...data },
      update: data,
    });
  }

  async findPersonalChatReference(
    platform: string,
    tenant: string,
    userId: string,
  ): Promise<ChatReferenceRecord | null> {
    const row = await this.db.chatReference.findFirst({
      where: { platform, tenant, userId, kind: "PERSONAL" },
      orderBy: { updatedAt: "desc" },
    });
    if (row === null) return null;
    return {
      platform: row.platform,
      tenant: row.tenant,
      conversationId: row.conversationId,
      kind: "PERSONAL",
      userId: row.userId,
      reference: row.reference,
    };
  }

  async removeChatReference(platform: string, conversationId: string): Promise<boolean> {
    const { count } = await this.db.chatReference.deleteMany({ where: { platform, conversationId } });
    return count > 0;
  }

  // ---- follow-through (digest, reminders) ----
  get followThrough(): FollowThroughStore {
    return new DigestSql(this.db, this.root === null);
  }

  // ---------- ingest: import of efforts (src/store/import-store.ts) ----------

  get imports(): ImportStore {
    return new PrismaImportStore(this.db);
  }

  // ---------- scheduling: polls and meetings (src/store/scheduling-store.ts) ----------

  get scheduling(): SchedulingStore {
    return new PrismaSchedulingStore(this.db);
  }

  // ---------- slack: forgetting old redelivery keys ----------

  async forgetProcessedEvents(source: string, before: Date): Promise<number> {
    const { count } = await this.db.processedEvent.deleteMany({
      where: { source, receivedAt: { lt: before } },
    });
    return count;
  }

  // ---------- my overview (App Home, `sip mina`) ----------

  async listOpenSipRefsForStaff(staffId: string): Promise<string[]> {
    const rows = await this.db.sip.findMany({
      where: {
        state: { notIn: ["CLOSED", "DECLINED", "WITHDRAWN"] },
        OR: [{ initiatorId: staffId }, { chairId: staffId }, { participants: { some: { staffId } } }],
      },
      select: { person: { select: { ref: true } } },
      orderBy: { createdAt: "asc" },
    });
    return [...new Set(rows.map((r) => r.person.ref))];
  }

  async listOpenPollIdsForStaff(staffId: string): Promise<string[]> {
    const rows = await this.db.meetingPoll.findMany({
      where: { status: "OPEN", participants: { some: { staffId } } },
      select: { id: true },
      orderBy: { closesAt: "asc" },
    });
    return rows.map((r) => r.id);
  }
}
