import type { LocalDate } from "../domain/local-date.ts";
import { hasAnsweredAll } from "../domain/poll.ts";
import type { SipState } from "../domain/sip-lifecycle.ts";
import type { AppDeps } from "./deps.ts";
import { canSeePerson, loadCase, type PersonCase } from "./person-access.ts";
import type { AuditBasis, StaffMember, Store } from "./ports.ts";
import type { PollRecord } from "./scheduling-ports.ts";

// "My overview" for the App Home and `sip mina`: the SIPs the staff member takes part in that are not over,
// and the availability polls still waiting for their answer. Read through the same access rules as every
// other read of a person, and audited once per person shown.

/** What has to happen next in a SIP, by its state (DOMAIN.md's six steps). */
export type NextStep = "decide" | "consent" | "findTime" | "answers" | "meeting" | "followUp";

/** The date that goes with the next step: a day, the last day to answer a poll, or a meeting's start. */
export type NextDate =
  { kind: "day"; date: LocalDate } | { kind: "deadline"; closesAt: Date } | { kind: "meeting"; start: Date };

export type MyRole = "INITIATOR" | "CHAIR" | "PARTICIPANT";

export interface MySip {
  personRef: string;
  state: SipState;
  role: MyRole;
  next: NextStep;
  nextDate: NextDate | null;
}

export interface MyPoll {
  pollId: string;
  personRef: string;
  closesAt: Date;
  /** Times the staff member has answered, of all the poll's times. */
  answered: number;
  slotCount: number;
  required: boolean;
}

export interface MyOverview {
  sips: MySip[];
  polls: MyPoll[];
}

const NEXT: Record<SipState, NextStep | null> = {
  SUGGESTED: "decide",
  CONSENT_PENDING: "consent",
  CONSENTED: "findTime",
  SCHEDULING: "answers",
  SCHEDULED: "meeting",
  HELD: "followUp",
  FOLLOW_UP: "followUp",
  CLOSED: null,
  DECLINED: null,
  WITHDRAWN: null,
};

function roleOf(actor: StaffMember, c: PersonCase): MyRole | null {
  const sip = c.current;
  if (sip === null) return null;
  if (sip.chairId === actor.id) return "CHAIR";
  if (sip.initiatorId === actor.id) return "INITIATOR";
  return c.participantIds.includes(actor.id) ? "PARTICIPANT" : null;
}

async function nextDateOf(store: Store, c: PersonCase, now: Date): Promise<NextDate | null> {
  const sip = c.current;
  if (sip === null) return null;
  switch (sip.state) {
    case "SCHEDULING": {
      const poll = await store.scheduling.currentPoll(sip.id);
      return poll?.status === "OPEN" ? { kind: "deadline", closesAt: poll.closesAt } : null;
    }
    case "SCHEDULED": {
      const m = await store.scheduling.currentMeeting(sip.id);
      return m?.status === "BOOKED" && m.end > now ? { kind: "meeting", start: m.start } : null;
    }
    case "HELD":
    case "FOLLOW_UP":
      return sip.followUpDate === null ? null : { kind: "day", date: sip.followUpDate };
    case "SUGGESTED":
    case "CONSENT_PENDING":
    case "CONSENTED":
    case "CLOSED":
    case "DECLINED":
    case "WITHDRAWN":
      return null;
  }
}

function sortKey(d: NextDate | null): string {
  if (d === null) return "~";
  if (d.kind === "day") return `${d.date}T00`;
  return (d.kind === "deadline" ? d.closesAt : d.start).toISOString();
}

/** The actor's open SIPs and the polls waiting for their answer, soonest first. */
export async function myOverview(deps: AppDeps, actor: StaffMember): Promise<MyOverview> {
  return deps.store.transaction(async (store) => {
    const now = deps.clock.now();
    const [sipRefs, pollIds] = await Promise.all([
      store.listOpenSipRefsForStaff(actor.id),
      store.listOpenPollIdsForStaff(actor.id),
    ]);
    const polls: PollRecord[] = [];
    for (const id of pollIds) {
      const poll = await store.scheduling.getPoll(id);
      if (poll !== null) polls.push(poll);
    }

    const cases = new Map<string, { c: PersonCase; basis: AuditBasis } | null>();
    const caseOf = async (ref: string) => {
      if (!cases.has(ref)) {
        const person = await store.findPersonByRef(ref);
        const c = person === null ? null : await loadCase(store, person);
        cases.set(ref, c === null ? null : { c, basis: canSeePerson(deps, actor, c) });
      }
      return cases.get(ref) ?? null;
    };

    const sips: MySip[] = [];
    for (const ref of sipRefs) {
      const seen = await caseOf(ref);
      if (seen === null || seen.basis === "DENIED" || seen.c.current === null) continue;
      const role = roleOf(actor, seen.c);
      const next = NEXT[seen.c.current.state];
      if (role === null || next === null) continue;
      const nextDate = await nextDateOf(store, seen.c, now);
      sips.push({ personRef: ref, state: seen.c.current.state, role, next, nextDate });
    }

    const waiting: MyPoll[] = [];
    for (const poll of polls) {
      const me = poll.participants.find((p) => p.staffId === actor.id);
      if (poll.status !== "OPEN" || me === undefined) continue;
      if (hasAnsweredAll(me.id, poll.slots, poll.votes)) continue;
      const seen = await caseOf(poll.personRef);
      // A poll of a plan no longer in force (withdrawn, closed) is nobody's to answer.
      if (seen === null || seen.basis === "DENIED" || seen.c.current?.id !== poll.sipId) continue;
      const answered = new Set(poll.votes.filter((v) => v.participantId === me.id).map((v) => v.slotId));
      waiting.push({
        pollId: poll.id,
        personRef: poll.personRef,
        closesAt: poll.closesAt,
        answered: poll.slots.filter((s) => answered.has(s.id)).length,
        slotCount: poll.slots.length,
        required: me.required,
      });
    }

    for (const [ref, seen] of cases) {
      if (seen === null) continue;
      const shown = {
        sips: sips.filter((s) => s.personRef === ref).length,
        polls: waiting.filter((p) => p.personRef === ref).length,
      };
      await store.audit({
        actorId: actor.id,
        action: "MY_OVERVIEW_READ",
        personRef: ref,
        unitId: actor.unitId,
        basis: shown.sips + shown.polls > 0 ? seen.basis : "DENIED",
        detail: shown,
      });
    }

    sips.sort((a, b) => sortKey(a.nextDate).localeCompare(sortKey(b.nextDate)));
    waiting.sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime());
    return { sips, polls: waiting };
  });
}
