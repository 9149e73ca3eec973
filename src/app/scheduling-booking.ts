import { tally } from "../domain/poll.ts";
import { fail, ok, type Result } from "../domain/result.ts";
import { checkTransition } from "../domain/sip-lifecycle.ts";
import { mustChange, retryable } from "./concurrency.ts";
import type { AppDeps } from "./deps.ts";
import { rolesFor } from "./person-access.ts";
import { openCase } from "./persons.ts";
import type { AuditBasis, StaffMember, Store } from "./ports.ts";
import { meetingEvent, openPollCase, schedulingDeps } from "./scheduling-common.ts";
import type { SchedulingNotification } from "./scheduling-notifications.ts";
import type { MeetingRecord, PollParticipantRecord, PollRecord, SchedulingDeps } from "./scheduling-ports.ts";

// Booking: the SIP's lead confirms one time (the bot only recommends; it never books on its own). The
// meeting gets a stable calendar UID; each participant who uses the bot gets the invitation (kallelse) with
// an .ics file, and the lead gets the same file and a plain-Swedish text for those who do not. Booking again
// reschedules: same UID, SEQUENCE one higher. Cancelling sends METHOD:CANCEL.

export type BookingFailure =
  | "schedulingNotConfigured"
  | "personNotFound"
  | "noActiveSip"
  | "notAllowed"
  | "illegalTransition"
  | "changedMeanwhile"
  | "noPoll"
  | "pollClosed"
  | "badSlot"
  | "inPast"
  | "noMeeting";

export interface Booked {
  meeting: MeetingRecord;
  poll: PollRecord;
  ics: string;
  /** The accepted agenda sent with the invitation; null when none was accepted. */
  agenda: string | null;
  rescheduled: boolean;
  /** Participants who are not chat users: the lead passes the invitation on to them. */
  outside: PollParticipantRecord[];
  /** Required participants who said no to the booked time (the lead chose it anyway). */
  against: string[];
}

export async function bookMeeting(
  deps: AppDeps,
  actor: StaffMember,
  pollId: string,
  position: number,
): Promise<Result<Booked, BookingFailure>> {
  const configured = schedulingDeps(deps);
  if (!configured.ok) return configured;
  return retryable(() =>
    deps.store.transaction(async (store) => {
      const found = await openPollCase(deps, store, actor, pollId, "MEETING_BOOK");
      if (!found.ok) return found;
      const { poll, case: c, basis } = found.value;
      const sip = c.current;
      if (sip === null || sip.id !== poll.sipId) return fail("noPoll");
      if (poll.status !== "OPEN" && poll.status !== "CLOSED") return fail("pollClosed");
      const check = checkTransition(sip.state, "SCHEDULED", rolesFor(deps, actor, c));
      if (!check.ok) return check;
      const slot = poll.slots.find((s) => s.position === position);
      if (slot === undefined) return fail("badSlot", { position });
      const now = deps.clock.now();
      if (slot.start <= now) return fail("inPast", { date: slot.start.toISOString().slice(0, 10) });
      if (!(await store.scheduling.setPollStatus(poll.id, ["OPEN", "CLOSED"], "BOOKED", now)))
        return fail("changedMeanwhile");

      const before = await store.scheduling.currentMeeting(sip.id);
      // A booked meeting still ahead is moved (same UID); one already past was held, and a follow-up
      // meeting is a new event.
      const rescheduled = before?.status === "BOOKED" && before.end > now;
      const meeting =
        before !== null && rescheduled
          ? mustChange(
              await store.scheduling.updateMeeting(before.id, before.sequence, {
                pollId: poll.id,
                start: slot.start,
                end: slot.end,
                place: poll.place,
                bookedById: actor.id,
              }),
            )
          : await store.scheduling.createMeeting({
              sipId: sip.id,
              pollId: poll.id,
              start: slot.start,
              end: slot.end,
              place: poll.place,
              bookedById: actor.id,
            });
      mustChange(
        await store.updateSip(
          sip,
          { state: "SCHEDULED" },
          actor.id,
          now,
          rescheduled ? "meeting rescheduled" : "meeting booked",
        ),
      );
      // The newest accepted agenda goes with the invitation; without one, the invitation says so.
      const agenda = await store.scheduling.currentAgenda(sip.id);
      const ics = configured.value.calendar.write(
        meetingEvent(meeting, poll, actor, "REQUEST", now, agenda?.text ?? null),
      );

      for (const p of poll.participants) {
        if (p.staffId === null || p.staffId === actor.id) continue;
        const note: SchedulingNotification = {
          kind: "meetingInvitation",
          personRef: poll.personRef,
          start: meeting.start.toISOString(),
          end: meeting.end.toISOString(),
          place: meeting.place,
          byName: actor.displayName,
          sequence: meeting.sequence,
          rescheduled,
          ics,
          agenda: agenda?.text ?? null,
        };
        await store.enqueueOutbox(`meeting:${meeting.id}:${meeting.sequence}:${p.staffId}`, p.staffId, note);
      }
      if (rescheduled && before.pollId !== null && before.pollId !== poll.id) {
        await cancelForDropped(store, configured.value, before, meeting, poll, actor, now);
      }
      await store.audit({
        actorId: actor.id,
        action: rescheduled ? "MEETING_RESCHEDULED" : "MEETING_BOOKED",
        personRef: poll.personRef,
        unitId: actor.unitId,
        basis,
        detail: {
          meeting: meeting.id,
          sequence: meeting.sequence,
          start: meeting.start.toISOString(),
          agendaVersion: agenda?.version ?? null,
        },
      });
      const blocked = tally(poll.slots, poll.participants, poll.votes).find((t) => t.slotId === slot.id);
      const names = new Map(poll.participants.map((p) => [p.id, p.name]));
      const against = (blocked?.blockers ?? []).map((id) => names.get(id) ?? "?");
      return ok({
        meeting,
        poll,
        ics,
        agenda: agenda?.text ?? null,
        rescheduled,
        outside: poll.participants.filter((p) => p.staffId === null),
        against,
      });
    }),
  );
}

/**
 * Staff invited to the meeting before a reschedule but not to the new time get a cancellation for their
 * calendar (RFC 5546: an attendee removed from an event receives CANCEL with the event's UID).
 */
async function cancelForDropped(
  store: Store,
  sched: SchedulingDeps,
  before: MeetingRecord,
  meeting: MeetingRecord,
  poll: PollRecord,
  actor: StaffMember,
  now: Date,
): Promise<void> {
  const old = before.pollId === null ? null : await store.scheduling.getPoll(before.pollId);
  const still = new Set(poll.participants.flatMap((p) => (p.staffId === null ? [] : [p.staffId])));
  const dropped = (old?.participants ?? []).filter(
    (p) => p.staffId !== null && p.staffId !== actor.id && !still.has(p.staffId),
  );
  if (old === null || dropped.length === 0) return;
  const ics = sched.calendar.write(
    meetingEvent({ ...before, sequence: meeting.sequence }, old, actor, "CANCEL", now),
  );
  for (const p of dropped) {
    if (p.staffId === null) continue;
    const note: SchedulingNotification = {
      kind: "meetingCancelled",
      personRef: poll.personRef,
      start: before.start.toISOString(),
      byName: actor.displayName,
      ics,
    };
    await store.enqueueOutbox(`meeting:${meeting.id}:${meeting.sequence}:${p.staffId}`, p.staffId, note);
  }
}

/** Books the n-th time of the SIP's current poll: `sip boka K-7F3Q 2`. */
export async function bookByRef(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
  position: number,
): Promise<Result<Booked, BookingFailure>> {
  if (deps.scheduling === undefined) return fail("schedulingNotConfigured");
  const found = await deps.store.transaction(async (store) => {
    const opened = await openCase(deps, store, actor, ref, "POLL_READ", "read");
    if (!opened.ok) return opened;
    const sip = opened.value.case.current;
    if (sip === null) return fail("noActiveSip");
    const poll = await store.scheduling.currentPoll(sip.id);
    return poll === null ? fail("noPoll") : ok(poll.id);
  });
  if (!found.ok) return found;
  return bookMeeting(deps, actor, found.value, position);
}

export interface Cancelled {
  meeting: MeetingRecord;
  ics: string;
  outside: PollParticipantRecord[];
}

/** Cancels the booked meeting: METHOD:CANCEL to everyone invited, and the SIP needs a new time. */
export async function cancelMeeting(
  deps: AppDeps,
  actor: StaffMember,
  ref: string,
): Promise<Result<Cancelled, BookingFailure>> {
  const configured = schedulingDeps(deps);
  if (!configured.ok) return configured;
  return retryable(() =>
    deps.store.transaction(async (store) => {
      const opened = await openCase(deps, store, actor, ref, "MEETING_CANCEL");
      if (!opened.ok) return opened;
      const c = opened.value.case;
      const sip = c.current;
      if (sip === null) return fail("noActiveSip");
      const before = await store.scheduling.currentMeeting(sip.id);
      if (before === null || before.status !== "BOOKED" || sip.state !== "SCHEDULED")
        return fail("noMeeting");
      const check = checkTransition(sip.state, "SCHEDULING", rolesFor(deps, actor, c));
      if (!check.ok) return check;
      const now = deps.clock.now();
      const meeting = mustChange(
        await store.scheduling.updateMeeting(before.id, before.sequence, { status: "CANCELLED" }),
      );
      mustChange(await store.updateSip(sip, { state: "SCHEDULING" }, actor.id, now, "meeting cancelled"));
      const poll = meeting.pollId === null ? null : await store.scheduling.getPoll(meeting.pollId);
      const ics = configured.value.calendar.write(meetingEvent(meeting, poll, actor, "CANCEL", now));
      for (const p of poll?.participants ?? []) {
        if (p.staffId === null || p.staffId === actor.id) continue;
        const note: SchedulingNotification = {
          kind: "meetingCancelled",
          personRef: ref,
          start: meeting.start.toISOString(),
          byName: actor.displayName,
          ics,
        };
        await store.enqueueOutbox(`meeting:${meeting.id}:${meeting.sequence}:${p.staffId}`, p.staffId, note);
      }
      await store.audit({
        actorId: actor.id,
        action: "MEETING_CANCELLED",
        personRef: ref,
        unitId: actor.unitId,
        basis: opened.value.basis,
        detail: { meeting: meeting.id, sequence: meeting.sequence },
      });
      return ok({ meeting, ics, outside: poll?.participants.filter((p) => p.staffId === null) ?? [] });
    }),
  );
}

/**
 * Consent was withdrawn, so the SIP has ended: a booked meeting still ahead is cancelled. Every staff
 * member invited to it (and whoever booked it) gets METHOD:CANCEL for their calendar, carrying nothing about
 * the person but the reference. Runs inside the withdrawal's transaction, after the outbox was cleared of
 * the messages that may no longer go out. Returns the cancelled meeting, or null when there was none.
 */
export async function cancelMeetingOnWithdrawal(
  deps: AppDeps,
  store: Store,
  actor: StaffMember,
  sipId: string,
  ref: string,
  basis: AuditBasis,
  now: Date,
): Promise<MeetingRecord | null> {
  const before = await store.scheduling.currentMeeting(sipId);
  if (before === null || before.status !== "BOOKED" || before.end <= now) return null;
  const meeting = mustChange(
    await store.scheduling.updateMeeting(before.id, before.sequence, { status: "CANCELLED" }),
  );
  const poll = meeting.pollId === null ? null : await store.scheduling.getPoll(meeting.pollId);
  const staff = new Set([
    meeting.bookedById,
    ...(poll?.participants ?? []).flatMap((p) => (p.staffId === null ? [] : [p.staffId])),
  ]);
  // Without the calendar port (scheduling switched off since) there is no file to send; the meeting is
  // still marked cancelled, and the withdrawal notice tells the staff the SIP has ended.
  const calendar = deps.scheduling?.calendar;
  if (calendar !== undefined) {
    const ics = calendar.write(meetingEvent(meeting, poll, actor, "CANCEL", now));
    for (const staffId of staff) {
      const note: SchedulingNotification = {
        kind: "meetingCancelled",
        personRef: ref,
        start: meeting.start.toISOString(),
        byName: actor.displayName,
        ics,
      };
      await store.enqueueOutbox(`meeting:${meeting.id}:${meeting.sequence}:${staffId}`, staffId, note);
    }
  }
  await store.audit({
    actorId: actor.id,
    action: "MEETING_CANCELLED",
    personRef: ref,
    unitId: actor.unitId,
    basis,
    detail: { meeting: meeting.id, sequence: meeting.sequence, reason: "consent withdrawn" },
  });
  return meeting;
}
