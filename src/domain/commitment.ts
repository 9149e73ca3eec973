import type { LocalDate } from "./local-date.ts";
import type { Principal } from "./principal.ts";
import { fail, ok, type Result } from "./result.ts";

// An åtagande: who does what by when. Owners may be staff, a unit, or someone outside the two principals
// (the person, relatives, Försäkringskassan), which the plan's third legal point asks for.
export const COMMITMENT_STATUSES = ["OPEN", "DONE", "CANCELLED"] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];

// Long enough for one concrete task in a sentence or two; longer texts are notes, not commitments.
export const MAX_COMMITMENT_TEXT = 500;

export interface CommitmentDraft {
  what: string;
  principal: Principal;
  dueDate: LocalDate | null;
}

export type CommitmentRejection = "emptyText" | "textTooLong" | "dueInPast";

export function validateCommitment(
  draft: CommitmentDraft,
  today: LocalDate,
): Result<CommitmentDraft, CommitmentRejection> {
  const what = draft.what.trim().replace(/\s+/g, " ");
  if (what.length === 0) return fail("emptyText");
  if (what.length > MAX_COMMITMENT_TEXT) return fail("textTooLong", { max: MAX_COMMITMENT_TEXT });
  if (draft.dueDate !== null && draft.dueDate < today) return fail("dueInPast", { due: draft.dueDate });
  return ok({ ...draft, what });
}

export interface CommitmentFacts {
  status: CommitmentStatus;
  dueDate: LocalDate | null;
}

export function isOverdue(c: CommitmentFacts, today: LocalDate): boolean {
  return c.status === "OPEN" && c.dueDate !== null && c.dueDate < today;
}

export type CompletionRejection = "alreadyDone" | "cancelled" | "notYours";

/**
 * Who may mark a commitment done: its owner, staff of the owning principal (a colleague covering), or the
 * SIP's initiator or chair, who keep the plan up to date at the follow-up.
 */
export function checkCompletion(
  c: CommitmentFacts & { principal: Principal; ownerStaffId: string | null },
  actor: { staffId: string; principal: Principal; leadsSip: boolean },
): Result<true, CompletionRejection> {
  if (c.status === "DONE") return fail("alreadyDone");
  if (c.status === "CANCELLED") return fail("cancelled");
  const mayAct = c.ownerStaffId === actor.staffId || c.principal === actor.principal || actor.leadsSip;
  return mayAct ? ok(true) : fail("notYours");
}

/** Orders a to-do list: overdue first, then by due date, undated last. */
export function byUrgency<C extends CommitmentFacts>(a: C, b: C): number {
  const da = a.dueDate ?? "9999-12-31";
  const db = b.dueDate ?? "9999-12-31";
  return da < db ? -1 : da > db ? 1 : 0;
}
