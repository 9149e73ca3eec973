import { addDays, stockholmDate } from "../domain/local-date.ts";
import { CONSENTED_SIP_STATES } from "../domain/sip-lifecycle.ts";
import type { AppDeps } from "./deps.ts";
import type { ReminderCandidate } from "./digest-ports.ts";
import type { Notification } from "./notifications.ts";
import type { StaffMember, Store } from "./ports.ts";
import {
  coordinatorNotice,
  DEFAULT_FOLLOW_THROUGH,
  type FollowThroughSettings,
  followUpReminder,
  isDue,
  ownerReminders,
} from "./reminders-schedule.ts";

// The periodic reminder scans. Each run looks at what is due at "now" and writes outbox entries whose
// keys name the commitment (or SIP), the kind of reminder, the date it is about and the recipient: a
// second scan, a second replica, or a retry after a crash finds the key taken and sends nothing twice.

export function followThroughSettings(deps: AppDeps): FollowThroughSettings {
  return deps.settings.followThrough ?? DEFAULT_FOLLOW_THROUGH;
}

export interface ScanResult {
  /** Entries written by this run (not those another run had written already). */
  enqueued: number;
  considered: number;
}

async function staffName(store: Store, cache: Map<string, StaffMember | null>, id: string) {
  if (!cache.has(id)) cache.set(id, await store.getStaff(id));
  return cache.get(id) ?? null;
}

/** Reminders before and on the due date, and overdue notices to the owner and the SIP's coordinator. */
export async function sendCommitmentReminders(deps: AppDeps): Promise<ScanResult> {
  const s = followThroughSettings(deps);
  const now = deps.clock.now();
  const today = stockholmDate(now);
  const { store } = deps;
  const candidates = await store.followThrough.reminderCandidates(
    addDays(today, -(s.catchUpDays + 1)),
    addDays(today, s.reminderLeadDays),
  );
  const staff = new Map<string, StaffMember | null>();
  let enqueued = 0;
  for (const c of candidates) {
    // Only plans in force: after a withdrawal or closing, nobody is to be chased about them.
    if (!CONSENTED_SIP_STATES.includes(c.sipState)) continue;
    for (const r of ownerReminders(c, s)) {
      if (!isDue(r, now, s)) continue;
      const key = `reminder:${r.kind}:${c.commitmentId}:${r.about}:${c.ownerStaffId}`;
      const note: Notification =
        r.kind === "overdue"
          ? { ...base(c), kind: "commitmentOverdue", role: "owner", ownerName: null }
          : { ...base(c), kind: "commitmentReminder", when: r.kind };
      if (await store.enqueueOutbox(key, c.ownerStaffId, note)) enqueued++;
    }
    const coordinator = c.coordinatorId;
    if (
      coordinator !== null &&
      coordinator !== c.ownerStaffId &&
      isDue(coordinatorNotice(c.dueDate, s), now, s)
    ) {
      const owner = await staffName(store, staff, c.ownerStaffId);
      const note: Notification = {
        ...base(c),
        kind: "commitmentOverdue",
        role: "coordinator",
        ownerName: owner?.displayName ?? null,
      };
      const key = `reminder:overdue-coordinator:${c.commitmentId}:${c.dueDate}:${coordinator}`;
      if (await store.enqueueOutbox(key, coordinator, note)) enqueued++;
    }
  }
  return { enqueued, considered: candidates.length };
}

function base(c: ReminderCandidate) {
  return { personRef: c.personRef, number: c.number, what: c.what, dueDate: c.dueDate };
}

/**
 * The follow-up reminder to the side holding the overall responsibility (its staff among the SIP's
 * participants; the chair or initiator when no principal holds it yet), with the open commitments that the
 * follow-up will go through.
 */
export async function sendFollowUpReminders(deps: AppDeps): Promise<ScanResult> {
  const s = followThroughSettings(deps);
  const now = deps.clock.now();
  const today = stockholmDate(now);
  const { store } = deps;
  const candidates = await store.followThrough.followUpCandidates(
    addDays(today, -1),
    addDays(today, s.followUpLeadDays),
  );
  let enqueued = 0;
  for (const c of candidates) {
    if (!isDue(followUpReminder(c.followUpDate, s), now, s)) continue;
    const person = await store.findPersonByRef(c.personRef);
    if (person === null) continue;
    const sip = (await store.listSips(person.id)).find((x) => x.id === c.sipId);
    if (sip === undefined) continue;
    const participants = (
      await Promise.all((await store.listParticipantStaffIds(c.sipId)).map((id) => store.getStaff(id)))
    ).filter((p): p is StaffMember => p !== null);
    const lead = [sip.chairId, sip.initiatorId].filter((id): id is string => id !== null);
    let recipients =
      c.overallPrincipal === null ? [] : participants.filter((p) => p.principal === c.overallPrincipal);
    if (recipients.length === 0) {
      const first = lead[0];
      const leader = first === undefined ? null : await store.getStaff(first);
      recipients = leader === null ? [] : [leader];
    }
    const open = (await store.listCommitmentsForSip(c.sipId)).filter((x) => x.status === "OPEN");
    for (const r of recipients) {
      const note: Notification = {
        kind: "followUpReminder",
        personRef: c.personRef,
        followUpDate: c.followUpDate,
        open: open.slice(0, 100).map((x) => ({
          number: x.number,
          // The other principal's commitments by number and date only: their wording may touch on what
          // the person's consent leaves out.
          what: x.principal === r.principal ? x.what : null,
          dueDate: x.dueDate,
          principal: x.principal,
        })),
      };
      if (await store.enqueueOutbox(`followup:${c.sipId}:${c.followUpDate}:${r.id}`, r.id, note)) enqueued++;
    }
  }
  return { enqueued, considered: candidates.length };
}
