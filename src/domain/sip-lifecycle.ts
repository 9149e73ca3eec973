import { fail, ok, type Result } from "./result.ts";

// The SIP lifecycle (DOMAIN.md's six steps) as an explicit state machine. Every allowed move is listed
// below with who may make it; anything else is an expected failure with a reason, never an exception.
export const SIP_STATES = [
  "SUGGESTED",
  "CONSENT_PENDING",
  "CONSENTED",
  "SCHEDULING",
  "SCHEDULED",
  "HELD",
  "FOLLOW_UP",
  "CLOSED",
  "DECLINED",
  "WITHDRAWN",
] as const;
export type SipState = (typeof SIP_STATES)[number];

/** States in which a plan is being prepared or is in force. */
export const ACTIVE_SIP_STATES: readonly SipState[] = [
  "CONSENT_PENDING",
  "CONSENTED",
  "SCHEDULING",
  "SCHEDULED",
  "HELD",
  "FOLLOW_UP",
];
/** States that are over; a new SIP may be suggested after them. */
export const FINAL_SIP_STATES: readonly SipState[] = ["CLOSED", "DECLINED", "WITHDRAWN"];
/** States in which consent has been given and the plan may be shared between the principals. */
export const CONSENTED_SIP_STATES: readonly SipState[] = [
  "CONSENTED",
  "SCHEDULING",
  "SCHEDULED",
  "HELD",
  "FOLLOW_UP",
];

/**
 * Who is acting. STAFF: staff of the region or the municipality with an effort for the person (anyone may ask
 * for a SIP). INITIATOR and CHAIR: the SIP's own roles. SYSTEM: the bot itself (consent recorded, consent
 * withdrawn, a follow-up date reached).
 */
export type SipActorRole = "STAFF" | "INITIATOR" | "CHAIR" | "SYSTEM";

type Rule = readonly SipActorRole[];
const LEADS: Rule = ["INITIATOR", "CHAIR"];
const LEADS_OR_SYSTEM: Rule = ["INITIATOR", "CHAIR", "SYSTEM"];
// Consent is the person's; any involved staff member may record that it was withdrawn, and it takes effect at once.
const WITHDRAW: Rule = ["STAFF", "INITIATOR", "CHAIR", "SYSTEM"];

const TRANSITIONS: Readonly<Record<SipState, Partial<Record<SipState, Rule>>>> = {
  SUGGESTED: {
    CONSENT_PENDING: ["STAFF", "INITIATOR"],
    CONSENTED: ["STAFF", "INITIATOR", "SYSTEM"],
    DECLINED: ["STAFF"],
  },
  CONSENT_PENDING: {
    CONSENTED: ["STAFF", "INITIATOR", "CHAIR", "SYSTEM"],
    DECLINED: ["STAFF", "INITIATOR"],
    WITHDRAWN: WITHDRAW,
  },
  CONSENTED: { SCHEDULING: LEADS, SCHEDULED: LEADS, CLOSED: LEADS, WITHDRAWN: WITHDRAW },
  SCHEDULING: { SCHEDULED: LEADS, CONSENTED: LEADS, CLOSED: LEADS, WITHDRAWN: WITHDRAW },
  SCHEDULED: { HELD: LEADS, SCHEDULING: LEADS, CLOSED: LEADS, WITHDRAWN: WITHDRAW },
  HELD: { FOLLOW_UP: LEADS_OR_SYSTEM, CLOSED: LEADS, WITHDRAWN: WITHDRAW },
  FOLLOW_UP: { SCHEDULING: LEADS, SCHEDULED: LEADS, HELD: LEADS, CLOSED: LEADS, WITHDRAWN: WITHDRAW },
  CLOSED: {},
  DECLINED: {},
  WITHDRAWN: {},
};

export type TransitionFailure = "illegalTransition" | "notAllowed";

export function canTransition(from: SipState, to: SipState): boolean {
  return TRANSITIONS[from][to] !== undefined;
}

/** Checks one move. `roles` are every role the actor holds for this SIP. */
export function checkTransition(
  from: SipState,
  to: SipState,
  roles: ReadonlySet<SipActorRole>,
): Result<{ from: SipState; to: SipState }, TransitionFailure> {
  const allowed = TRANSITIONS[from][to];
  if (allowed === undefined) return fail("illegalTransition", { from, to });
  if (!allowed.some((role) => roles.has(role))) return fail("notAllowed", { from, to });
  return ok({ from, to });
}

export function nextStates(from: SipState): SipState[] {
  return Object.keys(TRANSITIONS[from]) as SipState[];
}
