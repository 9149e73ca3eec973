import type { CandidateReason } from "../domain/overlap.ts";
import type { SipPrincipal } from "../domain/principal.ts";

// What a use case asks to be told to someone who is not in the conversation. Stored in the outbox as data
// (never as rendered text), so each platform renders it in the recipient's language when it delivers.
export type Notification =
  | {
      kind: "sipSuggested";
      personRef: string;
      reason: CandidateReason;
      /** The organisation wants the strictest wording: no hint of the other principal or of a discharge. */
      strict: boolean;
      /** The principal the recipient does not belong to; omitted in the strict wording. */
      otherPrincipal: SipPrincipal | null;
    }
  | { kind: "consentWithdrawn"; personRef: string }
  | { kind: "sipStarted"; personRef: string; byName: string }
  | {
      kind: "commitmentAssigned";
      personRef: string;
      number: number;
      what: string;
      dueDate: string | null;
      byName: string;
    };
