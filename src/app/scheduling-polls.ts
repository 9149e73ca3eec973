import { addDays, type LocalDate, stockholmDate } from "../domain/local-date.ts";
import {
  checkAnswerDeadline,
  type Choice,
  type DeadlineProblem,
  dischargeLimit,
  meetingLimit,
  parseExternalLabel,
} from "../domain/poll.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { checkTransition } from "../domain/sip-lifecycle.ts";
import { candidateSlots, checkSlot, type Slot, type SlotProblem, stockholmInstant } from "../domain/slots.ts";
import { mustChange, retryable } from "./concurrency.ts";
import { type AppDeps, today } from "./deps.ts";
import { isConsentedState, type PersonCase, rolesFor } from "./person-access.ts";
import { openCase } from "./persons.ts";
import type { SipRecord, StaffMember, Store } from "./ports.ts";
import {
  choiceFor,
  coveredByConsent,
  isLead,
  openPollCase,
  schedulingDeps,
  slotRules,
} from "./scheduling-common.ts";
import type { SchedulingNotification } from "./scheduling-notifications.ts";
import type { MeetingRecord, NewPollParticipant, PollRecord, SchedulingDeps } from "./scheduling-ports.ts";

// Opening an availability poll for the SIP meeting, looking at it, and offering new times. Only the SIP's
// leads (initiator, chair) open polls; staff they invite become participants of the SIP.

export type PollFailure =
  | "schedulingNotConfigured"
  | "personNotFound"
  | "noActiveSip"
  | "notConsented"
  | "notAllowed"
  | "illegalTransition"
  | "changedMeanwhile"
  | "pollOpen"
  | "noPoll"
  | "unknownParticipant"
  | "unknownLabel"
  | "participantNotCovered"
  | "tooManyParticipants"
  | "badDuration"
  | "emptyPlace"
  | "placeTooLong"
  | "badTime"
  | "tooManySlots"
  | "dateInPast"
  | "noCandidates"
  | SlotProblem
  | DeadlineProblem;

// A SIP meeting has a handful of people; thirty is already a conference.
const MAX_PARTICIPANTS = 30;
// Each time is a row of buttons; more than a dozen cannot be answered on a phone.
export const MAX_SLOTS = 12;
const MAX_PLACE = 300;
// Meetings from a quarter of an hour to a working day.
const MIN_MINUTES = 15;
const MAX_MINUTES = 480;
// When the region's limit has passed (or does not apply), candidates come from the next two weeks.
const WINDOW_DAYS = 14;

export type ParticipantInput = { handle: string; required: boolean } | { label: string; required: boolean };

export interface PollInput {
  ref: string;
  participants: ParticipantInput[];
  durationMinutes?: number;
  place: string;
  /** The earliest day for proposed times. */
  from?: LocalDate;
  /** The last day to answer. */
  deadline?: LocalDate;
  /** The initiator's own times instead of proposed ones ("HH:MM" on a Stockholm date). */
  times?: { date: LocalDate; time: string }[];
}

export interface OpenedPoll {
  poll: PollRecord;
  /** The region's last day for the meeting, when it applies. */
  limit: LocalDate | null;
  /** True when the limit had already passed: the poll runs, and the reply says so. */
  limitPassed: boolean;
}

interface PollSpec {
  participants: NewPollParticipant[];
  durationMinutes: number;
  place: string;
  from?: LocalDate;
  deadline?: LocalDate;
  times?: { date: LocalDate; time: string }[];
  exclude?: Date[];
}

/** The initiator opens a poll: picks participants, and the bot proposes times that keep every rule. */
export async function openPoll(
  deps: AppDeps,
  actor: StaffMember,
  input: PollInput,
): Promise<Result<OpenedPoll, PollFailure>> {
  const configured = schedulingDeps(deps);
  if (!configured.ok) return configured;
  const sched = configured.value;
  const minutes = input.durationMinutes ?? sched.settings.meetingMinutes;
  if (!Number.isInteger(minutes) || minutes < MIN_MINUTES || minutes > MAX_MINUTES)
    return fail("badDuration", { min: MIN_MINUTES, max: MAX_MINUTES });
  const place = input.place.trim();
  if (place.length === 0) return fail("emptyPlace");
  if (place.length > MAX_PLACE) return fail("placeTooLong", { max: MAX_PLACE });
  if (input.participants.length + 1 > MAX_PARTICIPANTS)
    return fail("tooManyParticipants", { max: MAX_PARTICIPANTS });
  if ((input.times?.length ?? 0) > MAX_SLOTS) return fail("tooManySlots", { max: MAX_SLOTS });
  if (input.from !== undefined && input.from < today(deps)) return fail("dateInPast", { date: input.from });

  return retryable(() =>
    deps.store.transaction(async (store) => {
      const opened = await openCase(deps, store, actor, input.ref, "POLL_OPEN");
      if (!opened.ok) return opened;
      const c = opened.value.case;
      const allowed = mayOpenPoll(deps, actor, c);
      if (!allowed.ok) return allowed;
      const participants = await resolveParticipants(deps, store, actor, c, input.participants);
      if (!participants.ok) return participants;
      return createPoll(deps, store, sched, actor, c, {
        participants: participants.value,
        durationMinutes: minutes,
        place,
        ...(input.from !== undefined && { from: input.from }),
        ...(input.deadline !== undefined && { deadline: input.deadline }),
        ...(input.times !== undefined && input.times.length > 0 && { times: input.times }),
      });
    }),
  );
}

async function resolveParticipants(
  deps: AppDeps,
  store: Store,
  actor: StaffMember,
  c: PersonCase,
  given: ParticipantInput[],
): Promise<Result<NewPollParticipant[], PollFailure>> {
  const out: NewPollParticipant[] = [
    { staffId: actor.id, label: null, kind: "STAFF", principal: actor.principal, required: true },
  ];
  const upsert = (p: NewPollParticipant) => {
    const same = out.find((o) => (p.staffId !== null ? o.staffId === p.staffId : o.label === p.label));
    if (same === undefined) out.push(p);
    else same.required ||= p.required; // named twice: required wins
  };
  for (const g of given) {
    if ("handle" in g) {
      const handle = g.handle.replace(/^@/, "").toLowerCase();
      const staff = /^[\p{L}\d._-]{1,32}$/u.test(handle) ? await store.findStaffByHandle(handle) : null;
      if (staff === null || !staff.approved)
        return fail("unknownParticipant", { name: `@${handle.slice(0, 32)}` });
      if (!coveredByConsent(deps, actor, c, staff.principal, null))
        return fail("participantNotCovered", { name: `@${staff.handle}` });
      upsert({
        staffId: staff.id,
        label: null,
        kind: "STAFF",
        principal: staff.principal,
        required: g.required,
      });
    } else {
      const parsed = parseExternalLabel(g.label);
      if (parsed === null) return fail("unknownLabel", { given: g.label.slice(0, 40) });
      if (parsed.kind === "ORGANISATION" && !coveredByConsent(deps, actor, c, "OTHER", parsed.label))
        return fail("participantNotCovered", { name: parsed.label });
      upsert({
        staffId: null,
        label: parsed.label,
        kind: parsed.kind,
        principal: "OTHER",
        required: g.required,
      });
    }
  }
  return ok(out);
}

/** A poll needs a consented SIP, opened by its lead (who moves it to SCHEDULING, if it is not there yet). */
function mayOpenPoll(deps: AppDeps, actor: StaffMember, c: PersonCase): Result<SipRecord, PollFailure> {
  const sip = c.current;
  if (sip === null) return fail("noActiveSip");
  if (!isConsentedState(sip.state)) return fail("notConsented");
  if (sip.state !== "SCHEDULING") {
    const check = checkTransition(sip.state, "SCHEDULING", rolesFor(deps, actor, c));
    if (!check.ok) return check;
  } else if (!isLead(deps, actor, c)) return fail("notAllowed", { from: sip.state, to: sip.state });
  return ok(sip);
}

/**
 * The region's limit for the first meeting, counted from consent, or the shorter discharge limit when the
 * SIP comes from a discharge from inpatient care; later meetings have none.
 */
async function limitFor(
  deps: AppDeps,
  store: Store,
  sched: SchedulingDeps,
  c: PersonCase,
  sipId: string,
  meeting: MeetingRecord | null,
) {
  if (meeting !== null) return { limit: null, limitPassed: false };
  const consentedAt = (await store.scheduling.sipConsentedAt(sipId)) ?? deps.clock.now();
  const consentedOn = stockholmDate(consentedAt);
  const regular = meetingLimit(consentedOn, sched.settings.meetingLimitDays);
  const discharge = dischargeLimit(
    c.efforts,
    deps.settings.overlap.inpatientKinds,
    consentedOn,
    deps.settings.overlap.dischargeWindowDays,
    sched.settings.dischargeLimitDays,
  );
  const limit = discharge !== null && discharge < regular ? discharge : regular;
  return limit < today(deps) ? { limit: null, limitPassed: true } : { limit, limitPassed: false };
}

async function createPoll(
  deps: AppDeps,
  store: Store,
  sched: SchedulingDeps,
  actor: StaffMember,
  c: PersonCase,
  spec: PollSpec,
  replacing?: PollRecord,
): Promise<Result<OpenedPoll, PollFailure>> {
  const allowed = mayOpenPoll(deps, actor, c);
  if (!allowed.ok) return allowed;
  const sip = allowed.value;

  const existing = await store.scheduling.currentPoll(sip.id);
  if (existing !== null && existing.id !== replacing?.id) {
    if (existing.status === "OPEN") return fail("pollOpen");
    // A closed poll nobody booked from is replaced by the new one.
    await store.scheduling.setPollStatus(existing.id, ["CLOSED"], "REPLACED", deps.clock.now());
  }

  const now = deps.clock.now();
  const day = today(deps);
  const meeting = await store.scheduling.currentMeeting(sip.id);
  const { limit, limitPassed } = await limitFor(
    deps,
    store,
    sched,
    c,
    sip.id,
    meeting?.status === "BOOKED" ? meeting : null,
  );
  let deadline = spec.deadline ?? addDays(day, sched.settings.answerDays);
  if (spec.deadline === undefined && limit !== null && deadline >= limit) {
    const latest = addDays(limit, -2);
    deadline = latest < day ? day : latest;
  }
  // The deadline on its own first (past, after the limit); against the first time once the times are known.
  const early = checkAnswerDeadline(deadline, now, null, limit);
  if (!early.ok) return early;
  const rules = slotRules(sched, spec.durationMinutes);

  let slots: Slot[];
  if (spec.times !== undefined) {
    const checked: Slot[] = [];
    for (const t of spec.times) {
      const start = stockholmInstant(t.date, t.time);
      if (start === null) return fail("badTime", { given: `${t.date} ${t.time}`.slice(0, 40) });
      const r = checkSlot(start, rules, now, limit);
      if (!r.ok) return r;
      if (!checked.some((s) => s.start.getTime() === start.getTime())) checked.push(r.value);
    }
    slots = checked.sort((a, b) => a.start.getTime() - b.start.getTime());
  } else {
    const from = spec.from ?? addDays(deadline, 1);
    slots = candidateSlots({
      from,
      until: limit ?? addDays(from, WINDOW_DAYS),
      count: Math.min(sched.settings.candidateCount, MAX_SLOTS),
      startTimes: sched.settings.slotStartTimes,
      rules,
      now,
      ...(spec.exclude !== undefined && { exclude: spec.exclude }),
    });
  }
  const first = slots[0];
  if (first === undefined) return fail("noCandidates", { date: limit ?? "" });
  const closes = checkAnswerDeadline(deadline, now, first.start, limit);
  if (!closes.ok) return closes;

  if (sip.state !== "SCHEDULING") {
    mustChange(
      await store.updateSip(sip, { state: "SCHEDULING" }, actor.id, now, "availability poll opened"),
    );
  }
  if (replacing !== undefined) {
    if (!(await store.scheduling.setPollStatus(replacing.id, ["OPEN", "CLOSED"], "REPLACED", now)))
      return fail("changedMeanwhile");
  }
  for (const p of spec.participants) {
    if (p.staffId !== null) await store.addParticipant(sip.id, p.staffId, p.principal, "PARTICIPANT");
  }
  const poll = await store.scheduling.createPoll({
    sipId: sip.id,
    createdById: actor.id,
    durationMinutes: spec.durationMinutes,
    place: spec.place,
    closesAt: closes.value,
    limitDate: limit,
    slots,
    participants: spec.participants,
  });
  await store.audit({
    actorId: actor.id,
    action: replacing === undefined ? "POLL_OPENED" : "POLL_NEW_TIMES",
    personRef: c.person.ref,
    unitId: actor.unitId,
    basis: "PARTICIPANT",
    detail: { poll: poll.id, times: poll.slots.length, participants: poll.participants.length },
  });
  for (const p of poll.participants) {
    if (p.staffId === null || p.staffId === actor.id) continue;
    const note: SchedulingNotification = {
      kind: "pollInvitation",
      personRef: c.person.ref,
      pollId: poll.id,
      byName: actor.displayName,
      slots: poll.slots.map((s) => s.start.toISOString()),
      place: poll.place,
      closesAt: poll.closesAt.toISOString(),
    };
    await store.enqueueOutbox(`poll-invitation:${poll.id}:${p.staffId}`, p.staffId, note);
  }
  return ok({ poll, limit, limitPassed });
}

/** When no time works: a new poll with the same people, place and length, and times not yet offered. */
export async function proposeNewTimes(
  deps: AppDeps,
  actor: StaffMember,
  pollId: string,
): Promise<Result<OpenedPoll, PollFailure>> {
  const configured = schedulingDeps(deps);
  if (!configured.ok) return configured;
  return retryable(() =>
    deps.store.transaction(async (store) => {
      const found = await openPollCase(deps, store, actor, pollId, "POLL_NEW_TIMES");
      if (!found.ok) return found;
      const { poll } = found.value;
      if (poll.status !== "OPEN" && poll.status !== "CLOSED") return fail("noPoll");
      if (!isLead(deps, actor, found.value.case))
        return fail("notAllowed", { from: "SCHEDULING", to: "SCHEDULING" });
      return createPoll(
        deps,
        store,
        configured.value,
        actor,
        found.value.case,
        {
          participants: poll.participants.map((p) => ({
            staffId: p.staffId,
            label: p.label,
            kind: p.kind,
            principal: p.principal,
            required: p.required,
          })),
          durationMinutes: poll.durationMinutes,
          place: poll.place,
          exclude: poll.slots.map((s) => s.start),
        },
        poll,
      );
    }),
  );
}

export interface PollView {
  personRef: string;
  poll: PollRecord | null;
  meeting: MeetingRecord | null;
  /** The viewer's own row among the participants, if they are one. */
  me: PollRecord["participants"][number] | null;
  lead: boolean;
  choice: Choice | null;
}

/** What the viewer may see of the person's scheduling: the current poll with its tally, or the meeting. */
export async function viewScheduling(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
): Promise<Result<PollView, PollFailure>> {
  if (deps.scheduling === undefined) return fail("schedulingNotConfigured");
  return deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, ref, "POLL_READ", "read");
    if (!opened.ok) return opened;
    const c = opened.value.case;
    if (c.current === null) return fail("noActiveSip");
    if (!isConsentedState(c.current.state)) return fail("notConsented");
    const poll = await store.scheduling.currentPoll(c.current.id);
    const meeting = await store.scheduling.currentMeeting(c.current.id);
    const me = poll?.participants.find((p) => p.staffId === actor.id) ?? null;
    const lead = isLead(deps, actor, c);
    if (poll !== null && me === null && !lead)
      return fail("notAllowed", { from: c.current.state, to: c.current.state });
    return ok({
      personRef: ref,
      poll,
      meeting: meeting?.status === "BOOKED" && meeting.end > deps.clock.now() ? meeting : null,
      me,
      lead,
      choice: poll === null ? null : choiceFor(poll),
    });
  });
}

/** The same view, reached from a button that carries the poll's id. */
export async function viewPoll(
  deps: AppDeps,
  actor: StaffMember,
  pollId: string,
): Promise<Result<PollView, PollFailure>> {
  const poll = await deps.store.scheduling.getPoll(pollId);
  if (poll === null) return fail("noPoll");
  return viewScheduling(deps, actor, poll.personRef);
}
