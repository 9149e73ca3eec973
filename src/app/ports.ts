import type { CommitmentStatus } from "../domain/commitment.ts";
import type { ConsentFacts } from "../domain/consent.ts";
import type { LocalDate } from "../domain/local-date.ts";
import type { Principal, SipPrincipal } from "../domain/principal.ts";
import type { SipState } from "../domain/sip-lifecycle.ts";
import type { FollowThroughStore } from "./digest-ports.ts";
import type { ImportStore } from "./import-ports.ts";
import type { SchedulingStore } from "./scheduling-ports.ts";

// What the use cases need from the outside world. src/store implements Store with Prisma; tests use the
// same implementation on an in-memory PGlite, so there is one store and no mocks to drift.

export type StaffRole = "STAFF" | "MANAGER" | "ADMIN";
export type Locale = "sv" | "en";

export interface StaffMember {
  id: string;
  handle: string;
  displayName: string;
  principal: Principal;
  role: StaffRole;
  unitId: string | null;
  unitName: string | null;
  locale: Locale;
  /** Self-registered staff act only once an operator has approved them. */
  approved: boolean;
}

export type NewStaff = Omit<StaffMember, "id" | "unitName" | "approved"> & { approved?: boolean };

export interface UnitRecord {
  id: string;
  name: string;
  principal: Principal;
}

export interface PersonRecord {
  id: string;
  ref: string;
  createdById: string | null;
}

/** How a staff member came to know a person: they created the reference, or met it by the same identifier. */
export type PersonLinkKind = "CREATED" | "MATCHED";

export interface EffortRecord {
  id: string;
  personId: string;
  kind: string;
  principal: Principal;
  unitId: string | null;
  unitName: string | null;
  startDate: LocalDate;
  endDate: LocalDate | null;
  source: string;
  registeredById: string | null;
}

export interface SipRecord {
  id: string;
  personId: string;
  state: SipState;
  initiatorId: string | null;
  chairId: string | null;
  overallPrincipal: SipPrincipal | null;
  followUpDate: LocalDate | null;
  dismissReason: string | null;
  /** When the SIP reached a final state (closed, declined, withdrawn). */
  closedAt: Date | null;
  updatedAt: Date;
}

export interface ConsentRecord extends ConsentFacts {
  id: string;
  personId: string;
  parties: string | null;
  exclusions: string | null;
  givenBy: "PERSON" | "GUARDIAN" | "LEGAL_REPRESENTATIVE";
  recordedById: string;
  recordedAt: Date;
}

export interface CommitmentRecord {
  id: string;
  number: number;
  sipId: string;
  personRef: string;
  what: string;
  principal: Principal;
  ownerStaffId: string | null;
  ownerStaffName: string | null;
  ownerUnitId: string | null;
  ownerUnitName: string | null;
  ownerLabel: string | null;
  dueDate: LocalDate | null;
  status: CommitmentStatus;
  createdById: string;
}

export type AuditBasis = "OWN_PRINCIPAL" | "CONSENT" | "PARTICIPANT" | "SYSTEM" | "DENIED";

export interface AuditEntry {
  actorId: string | null;
  action: string;
  personRef: string | null;
  unitId: string | null;
  basis: AuditBasis;
  detail?: Record<string, unknown>;
}

export interface OutboxEntry {
  id: string;
  recipientId: string;
  payload: unknown;
}

export interface NewEffort {
  personId: string;
  kind: string;
  principal: Principal;
  unitId: string | null;
  startDate: LocalDate;
  endDate: LocalDate | null;
  source: string;
  registeredById: string | null;
}

export interface SipChange {
  state?: SipState;
  initiatorId?: string | null;
  chairId?: string | null;
  overallPrincipal?: SipPrincipal | null;
  followUpDate?: LocalDate | null;
  dismissReason?: string | null;
}

export interface NewCommitment {
  sipId: string;
  what: string;
  principal: Principal;
  ownerStaffId: string | null;
  ownerUnitId: string | null;
  ownerLabel: string | null;
  dueDate: LocalDate | null;
  createdById: string;
}

export interface Store {
  /** Runs fn in one database transaction; every write inside commits or none does. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;

  findStaffByIdentity(platform: string, tenant: string, userId: string): Promise<StaffMember | null>;
  findStaffByHandle(handle: string): Promise<StaffMember | null>;
  getStaff(id: string): Promise<StaffMember | null>;
  countStaff(): Promise<number>;
  /** Staff created by an operator or a directory are approved unless `approved: false` is given. */
  createStaff(s: NewStaff): Promise<StaffMember>;
  /** Approves a waiting self-registration; false when there is no such handle. */
  approveStaff(handle: string, at: Date): Promise<boolean>;
  listStaff(): Promise<StaffMember[]>;
  linkIdentity(staffId: string, platform: string, tenant: string, userId: string): Promise<void>;
  listIdentities(staffId: string): Promise<{ platform: string; tenant: string; userId: string }[]>;
  findUnitByName(name: string): Promise<UnitRecord | null>;
  listUnits(): Promise<UnitRecord[]>;
  createUnit(name: string, principal: Principal): Promise<UnitRecord>;

  findPersonByRef(ref: string): Promise<PersonRecord | null>;
  /**
   * Holds the person's row until the transaction ends, so changes to one person's case run one after
   * another across replicas: two staff registering efforts at the same moment then see each other's,
   * and the suggestion is made (once) instead of missed by both.
   */
  lockPerson(personId: string): Promise<void>;
  findPersonByIdentifierHash(hash: string): Promise<PersonRecord | null>;
  /** Null when the reference or the hash is taken (a race or a collision); the caller retries. */
  createPerson(ref: string, identifierHash: string | null, createdById: string): Promise<PersonRecord | null>;
  /** Records that the staff member knows the person; a second link for the same pair changes nothing. */
  linkStaffToPerson(personId: string, staffId: string, kind: PersonLinkKind): Promise<void>;
  /** The staff linked to the person, earliest first. */
  listPersonLinks(personId: string): Promise<string[]>;

  listEfforts(personId: string): Promise<EffortRecord[]>;
  createEffort(e: NewEffort): Promise<EffortRecord>;
  endEffort(id: string, endDate: LocalDate): Promise<void>;

  listSips(personId: string): Promise<SipRecord[]>;
  /** Null when the person already has a SIP that is suggested or in progress (one at a time, enforced by the database). */
  createSip(
    personId: string,
    state: SipState,
    actorId: string | null,
    change: SipChange,
    at: Date,
  ): Promise<SipRecord | null>;
  /** Changes a SIP and, when the state moves, records the transition at `at`; optimistic on updatedAt. */
  updateSip(
    sip: SipRecord,
    change: SipChange,
    actorId: string | null,
    at: Date,
    reason?: string,
  ): Promise<SipRecord | null>;
  addParticipant(sipId: string, staffId: string, principal: Principal, role: string): Promise<void>;
  listParticipantStaffIds(sipId: string): Promise<string[]>;

  listConsents(personId: string): Promise<ConsentRecord[]>;
  createConsent(c: Omit<ConsentRecord, "id" | "recordedAt" | "withdrawnAt">): Promise<ConsentRecord>;
  /** Withdraws every consent of the person still in force; returns how many. */
  withdrawConsents(personId: string, at: Date, byId: string): Promise<number>;

  createCommitment(c: NewCommitment): Promise<CommitmentRecord>;
  findCommitmentByNumber(n: number): Promise<CommitmentRecord | null>;
  listCommitmentsForSip(sipId: string): Promise<CommitmentRecord[]>;
  listOpenCommitmentsForOwner(staffId: string): Promise<CommitmentRecord[]>;
  setCommitmentStatus(id: string, status: CommitmentStatus, actorId: string): Promise<void>;

  audit(entry: AuditEntry): Promise<void>;

  /** False when an entry with the same key exists already, so a retried use case cannot send twice. */
  enqueueOutbox(dedupeKey: string, recipientId: string, payload: unknown): Promise<boolean>;
  /** Pending messages, oldest first; with a platform, only those for recipients known on it. */
  pendingOutbox(limit: number, platform?: string): Promise<OutboxEntry[]>;
  markOutboxFailed(id: string): Promise<void>;
  /** Cancels pending messages about a person (after a withdrawal of consent); returns how many. */
  cancelPendingOutbox(personRef: string): Promise<number>;
  markOutboxSent(id: string, platformRef: string | null): Promise<void>;

  /** True the first time an event id is seen from a source; false on a redelivery. */
  markEventProcessed(source: string, eventId: string): Promise<boolean>;

  // ---- chat references (Teams: where proactive messages can go) ----
  /** Saves or replaces the reference of one conversation (same platform and conversation id). */
  saveChatReference(r: ChatReferenceRecord): Promise<void>;
  /** The latest personal-chat reference of a platform user, or null when the app is not installed for them. */
  findPersonalChatReference(
    platform: string,
    tenant: string,
    userId: string,
  ): Promise<ChatReferenceRecord | null>;
  /** Forgets a conversation (the app was removed from it); false when there was none. */
  removeChatReference(platform: string, conversationId: string): Promise<boolean>;

  // ---- ingest: import of efforts from source systems (see ImportStore in src/app/import-ports.ts) ----
  /** Set-based import writes and overlap detection; inside transaction(), bound to that transaction. */
  readonly imports: ImportStore;

  // ---- follow-through: digest figures, reminder scans, snooze/reassign (src/app/digest-ports.ts) ----
  /** Set-based digest and reminder reads; inside transaction(), bound to that transaction. */
  readonly followThrough: FollowThroughStore;

  // ---- scheduling: availability polls and booked meetings (see SchedulingStore in src/app/scheduling-ports.ts) ----
  /** Inside transaction(), bound to that transaction. */
  readonly scheduling: SchedulingStore;

  // ---- slack: forgetting old redelivery keys (processed events) ----
  /** Deletes processed-event keys of one source recorded before `before`; returns how many. */
  forgetProcessedEvents(source: string, before: Date): Promise<number>;

  // ---- my overview: App Home and `sip mina` (src/app/my-overview.ts) ----
  /** References of persons whose SIP not yet over has the staff member as participant, initiator or chair. */
  listOpenSipRefsForStaff(staffId: string): Promise<string[]>;
  /** Ids of open polls that have the staff member among the participants, earliest deadline first. */
  listOpenPollIdsForStaff(staffId: string): Promise<string[]>;
}

/** A platform's handle on one conversation, kept so the bot can write there later. */
export interface ChatReferenceRecord {
  platform: string;
  tenant: string;
  conversationId: string;
  kind: "PERSONAL" | "CHANNEL" | "GROUP";
  /** The person's platform id in a personal chat; null for channels and group chats. */
  userId: string | null;
  /** The platform's own reference object (JSON), opaque to the app. */
  reference: unknown;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
