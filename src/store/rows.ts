import type { CommitmentRecord, ConsentRecord, EffortRecord, SipRecord, StaffMember } from "../app/ports.ts";
import type { LocalDate } from "../domain/local-date.ts";
import type { Prisma } from "./generated/client.ts";

// Conversions between Prisma rows and the records the use cases see. @db.Date columns come back as
// midnight UTC; the domain wants plain "YYYY-MM-DD" strings, never a Date that a time zone could shift.
export function toLocalDate(d: Date): LocalDate;
export function toLocalDate(d: Date | null): LocalDate | null;
export function toLocalDate(d: Date | null): LocalDate | null {
  return d === null ? null : d.toISOString().slice(0, 10);
}

export function fromLocalDate(s: LocalDate): Date;
export function fromLocalDate(s: LocalDate | null | undefined): Date | null | undefined;
export function fromLocalDate(s: LocalDate | null | undefined): Date | null | undefined {
  return s === null || s === undefined ? s : new Date(`${s}T00:00:00.000Z`);
}

export const staffInclude = { unit: true } as const;
type StaffRow = Prisma.StaffProfileGetPayload<{ include: typeof staffInclude }>;

export function staffFromRow(r: StaffRow): StaffMember {
  return {
    id: r.id,
    handle: r.handle,
    displayName: r.displayName,
    principal: r.principal,
    role: r.role,
    unitId: r.unitId,
    unitName: r.unit?.name ?? null,
    locale: r.locale === "en" ? "en" : "sv",
    approved: r.approvedAt !== null,
  };
}

type EffortRow = Prisma.EffortGetPayload<{ include: { unit: true } }>;

export function effortFromRow(r: EffortRow): EffortRecord {
  return {
    id: r.id,
    personId: r.personId,
    kind: r.kind,
    principal: r.principal,
    unitId: r.unitId,
    unitName: r.unit?.name ?? null,
    startDate: toLocalDate(r.startDate),
    endDate: toLocalDate(r.endDate),
    source: r.source,
    registeredById: r.registeredById,
  };
}

type SipRow = Prisma.SipGetPayload<object>;

export function sipFromRow(r: SipRow): SipRecord {
  return {
    id: r.id,
    personId: r.personId,
    state: r.state,
    initiatorId: r.initiatorId,
    chairId: r.chairId,
    overallPrincipal: r.overallPrincipal === "OTHER" ? null : r.overallPrincipal,
    followUpDate: toLocalDate(r.followUpDate),
    dismissReason: r.dismissReason,
    closedAt: r.closedAt,
    updatedAt: r.updatedAt,
  };
}

type ConsentRow = Prisma.ConsentGetPayload<object>;

export function consentFromRow(r: ConsentRow): ConsentRecord {
  const givenBy = r.givenBy === "GUARDIAN" || r.givenBy === "LEGAL_REPRESENTATIVE" ? r.givenBy : "PERSON";
  return {
    id: r.id,
    personId: r.personId,
    principals: r.principals,
    parties: r.parties,
    exclusions: r.exclusions,
    validFrom: toLocalDate(r.validFrom),
    validTo: toLocalDate(r.validTo),
    givenBy,
    recordedById: r.recordedById,
    recordedAt: r.recordedAt,
    withdrawnAt: r.withdrawnAt,
  };
}

export const commitmentInclude = {
  ownerStaff: true,
  ownerUnit: true,
  sip: { include: { person: true } },
} as const;
type CommitmentRow = Prisma.CommitmentGetPayload<{ include: typeof commitmentInclude }>;

export function commitmentFromRow(r: CommitmentRow): CommitmentRecord {
  return {
    id: r.id,
    number: r.number,
    sipId: r.sipId,
    personRef: r.sip.person.ref,
    what: r.what,
    principal: r.principal,
    ownerStaffId: r.ownerStaffId,
    ownerStaffName: r.ownerStaff?.displayName ?? null,
    ownerUnitId: r.ownerUnitId,
    ownerUnitName: r.ownerUnit?.name ?? null,
    ownerLabel: r.ownerLabel,
    dueDate: toLocalDate(r.dueDate),
    status: r.status,
    createdById: r.createdById,
  };
}
