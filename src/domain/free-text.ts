import { z } from "zod";
import type { LocalDate } from "./local-date.ts";
import { PRINCIPALS, type Principal } from "./principal.ts";

// What the bot understood from a message written in plain words ("Vi har hemtjänst hos K-7F3Q", "Bo ringer
// FK före fredag", "vem ansvarar för medicinerna?"). Both the rule-based parser and a language model
// produce this shape; either way it is only a proposal that a human confirms before anything is stored.

/** Who a proposed commitment is for; the same three kinds the commitment use case accepts. */
export type ProposedOwner =
  { kind: "staff"; handle: string } | { kind: "unit"; name: string } | { kind: "other"; label: string };

export interface ProposedEffort {
  /** A code of the effort taxonomy. */
  code: string;
  /** Null when the taxonomy says the principal differs between regions and the text does not say. */
  principal: Principal | null;
}

export interface ProposedCommitment {
  owner: ProposedOwner;
  what: string;
  dueDate: LocalDate | null;
}

export interface FreeTextUnderstanding {
  /** Person references typed in the message; found by code, never by a model. */
  refs: string[];
  efforts: ProposedEffort[];
  commitments: ProposedCommitment[];
  /** "Vem ansvarar för medicinerna?": the topic asked about, or null when the message asks nothing. */
  question: { topic: string } | null;
}

export function isEmptyUnderstanding(u: FreeTextUnderstanding): boolean {
  return u.efforts.length === 0 && u.commitments.length === 0 && u.question === null;
}

// Limits: a chat message holds a handful of facts; more than ten of a kind is not something a person
// confirms one by one. Texts are capped at what a commitment may hold once confirmed (a button's value
// carries it back, and buttons carry at most 500 characters).
const MAX_ITEMS = 10;
export const MAX_PROPOSED_TEXT = 300;

/**
 * The structured output a model must return for free text. Owners arrive as "@handle", "unit:<name>" or
 * "other:<label>" strings, so that the wire schema stays flat; `toUnderstanding` turns them into owners.
 * Strict objects: a field the schema does not name makes the whole answer invalid.
 */
export const extractionSchema = z.strictObject({
  efforts: z
    .array(
      z.strictObject({
        effort: z.string().min(1).max(100),
        principal: z.enum(PRINCIPALS).nullable(),
      }),
    )
    .max(MAX_ITEMS),
  commitments: z
    .array(
      z.strictObject({
        owner: z.string().min(1).max(100),
        what: z.string().min(1).max(MAX_PROPOSED_TEXT),
        // ISO date or null; anything else is rejected when turned into a proposal.
        due: z.string().max(10).nullable(),
      }),
    )
    .max(MAX_ITEMS),
  question: z.strictObject({ topic: z.string().max(100) }).nullable(),
});

export type Extraction = z.infer<typeof extractionSchema>;

/** Parses "@bo", "unit:Hemtjänst Norr", "other:Försäkringskassan" back into an owner; null otherwise. */
export function parseOwnerToken(token: string): ProposedOwner | null {
  const t = token.trim();
  if (/^@[\p{L}0-9._-]{1,32}$/u.test(t)) return { kind: "staff", handle: t.slice(1).toLowerCase() };
  const m = /^(unit|other):(.{1,80})$/u.exec(t);
  if (m === null) return null;
  const value = (m[2] ?? "").trim();
  if (value.length === 0) return null;
  return m[1] === "unit" ? { kind: "unit", name: value } : { kind: "other", label: value };
}

export function ownerToken(owner: ProposedOwner): string {
  switch (owner.kind) {
    case "staff":
      return `@${owner.handle}`;
    case "unit":
      return `unit:${owner.name}`;
    case "other":
      return `other:${owner.label}`;
  }
}
