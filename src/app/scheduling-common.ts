import { accessBasis, validConsents } from "../domain/consent.ts";
import { choose, type Choice } from "../domain/poll.ts";
import type { Principal } from "../domain/principal.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import type { SlotRules } from "../domain/slots.ts";
import { type AppDeps, today } from "./deps.ts";
import { type PersonCase, rolesFor } from "./person-access.ts";
import { openCase } from "./persons.ts";
import type { AuditBasis, StaffMember, Store } from "./ports.ts";
import type {
  CalendarAttendee,
  CalendarEvent,
  MeetingRecord,
  PollRecord,
  SchedulingDeps,
} from "./scheduling-ports.ts";

// Helpers the scheduling use cases share: the set-up check, the rules for slots, who leads the SIP, and
// the rules' choice on a stored poll.

export function schedulingDeps(deps: AppDeps): Result<SchedulingDeps, "schedulingNotConfigured"> {
  return deps.scheduling === undefined ? fail("schedulingNotConfigured") : ok(deps.scheduling);
}

export function slotRules(s: SchedulingDeps, durationMinutes: number): SlotRules {
  return {
    workingHours: s.settings.workingHours,
    durationMinutes,
    isHoliday: (d) => s.holidays.holidayName(d) !== null,
  };
}

/** The initiator and the chair lead the SIP: they open polls, answer for others, book and cancel. */
export function isLead(deps: AppDeps, actor: StaffMember, c: PersonCase): boolean {
  const roles = rolesFor(deps, actor, c);
  return roles.has("INITIATOR") || roles.has("CHAIR");
}

export function choiceFor(poll: PollRecord): Choice {
  return choose(
    poll.slots.map((s) => ({ id: s.id, start: s.start })),
    poll.participants,
    poll.votes,
  );
}

/**
 * May someone of `principal` be invited to the person's SIP by the actor? Their own principal's staff, and
 * the person, relatives and representatives, always; the other principal's staff and other organisations
 * only under a consent that covers them (an organisation also when the consent names it among its parties).
 */
export function coveredByConsent(
  deps: AppDeps,
  actor: StaffMember,
  c: PersonCase,
  principal: Principal,
  label: string | null,
): boolean {
  if (principal === actor.principal) return true;
  const now = deps.clock.now();
  if (accessBasis(principal, actor.principal, c.consents, today(deps), now) === "CONSENT") return true;
  if (label === null) return false;
  return validConsents(c.consents, today(deps), now).some((k) =>
    (k.parties ?? "").toLowerCase().includes(label.toLowerCase()),
  );
}

/** Finds a poll by id and opens its person's case as the actor (locked for a change, and audited). */
export async function openPollCase(
  deps: AppDeps,
  store: Store,
  actor: StaffMember,
  pollId: string,
  action: string,
  purpose: "change" | "read" = "change",
): Promise<Result<{ poll: PollRecord; case: PersonCase; basis: AuditBasis }, "noPoll" | "personNotFound">> {
  const found = await store.scheduling.getPoll(pollId);
  if (found === null) return fail("noPoll");
  const opened = await openCase(deps, store, actor, found.personRef, action, purpose);
  if (!opened.ok) return opened;
  // Read again under the person's lock: the first read only told us whose case to lock.
  const poll = purpose === "change" ? await store.scheduling.getPoll(pollId) : found;
  if (poll === null) return fail("noPoll");
  return ok({ poll, case: opened.value.case, basis: opened.value.basis });
}

export function attendeesOf(poll: PollRecord): CalendarAttendee[] {
  return poll.participants.map((p) => ({
    name: p.name,
    key: p.staffId === null ? `deltagare-${p.position}` : `personal-${p.staffId}`,
    required: p.required,
  }));
}

/** The invitation's agenda part: the accepted text, or a plain note that there is none. */
export function agendaDescription(agenda: string | null): string {
  return agenda === null
    ? "Dagordning saknas: ingen dagordning har godkänts ännu."
    : `Dagordning:\n${agenda}`;
}

/**
 * The calendar event for a meeting, in Swedish: the file is forwarded to people outside the bot too. An
 * invitation (`agenda` given, null when none was accepted) carries the accepted agenda in its description.
 */
export function meetingEvent(
  meeting: MeetingRecord,
  poll: PollRecord | null,
  organizer: StaffMember,
  method: "REQUEST" | "CANCEL",
  stamp: Date,
  agenda?: string | null,
): CalendarEvent {
  const attendees =
    poll === null ? [] : attendeesOf(poll).filter((a) => a.key !== `personal-${organizer.id}`);
  return {
    uid: meeting.uid,
    sequence: meeting.sequence,
    method,
    start: meeting.start,
    end: meeting.end,
    summary: `SIP-möte ${poll?.personRef ?? ""}`.trim(),
    description: [
      "Möte om en samordnad individuell plan (SIP). Kallelse från SIP-assistenten.",
      ...(agenda === undefined ? [] : ["", agendaDescription(agenda)]),
    ].join("\n"),
    location: meeting.place,
    organizer: { name: organizer.displayName, key: `personal-${organizer.id}`, required: true },
    attendees,
    stamp,
  };
}
