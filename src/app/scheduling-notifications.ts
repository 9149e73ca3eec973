import { z } from "zod";

// Notifications of the scheduling step, as stored outbox data (see notifications.ts). Each carries the
// person's reference, so a withdrawal of consent cancels those still waiting, and delivery is audited.
const ref = z.string().regex(/^K-[0-9A-HJKMNP-TV-Z]{4,8}$/);
const id = z.uuid();
const name = z.string().min(1).max(200);
const instant = z.iso.datetime();
// A poll offers at most this many times (MAX_SLOTS in scheduling-polls.ts); the limit only guards the reader.
const slots = z.array(instant).min(1).max(20);
const place = z.string().min(1).max(300);
// An .ics invitation is a kilobyte or two; anything near this size was not written by us.
const ics = z.string().min(1).max(50_000);

export const schedulingNotificationSchemas = [
  z.object({
    kind: z.literal("pollInvitation"),
    personRef: ref,
    pollId: id,
    byName: name,
    slots,
    place,
    closesAt: instant,
  }),
  z.object({ kind: z.literal("pollReminder"), personRef: ref, pollId: id, slots, closesAt: instant }),
  z.object({
    kind: z.literal("pollProxyReminder"),
    personRef: ref,
    pollId: id,
    labels: z.array(name).min(1).max(30),
    closesAt: instant,
  }),
  z.object({ kind: z.literal("pollAllAnswered"), personRef: ref, pollId: id }),
  z.object({
    kind: z.literal("pollClosed"),
    personRef: ref,
    pollId: id,
    slots,
    /** The position (1-based) the rules choose; null when no time works for every required participant. */
    chosen: z.number().int().positive().nullable(),
    /** Per time, who blocks it: said no, or did not answer. */
    blocked: z
      .array(z.object({ position: z.number().int().positive(), no: z.array(name), missing: z.array(name) }))
      .max(20),
  }),
  z.object({
    kind: z.literal("meetingInvitation"),
    personRef: ref,
    start: instant,
    end: instant,
    place,
    byName: name,
    sequence: z.number().int().min(0),
    rescheduled: z.boolean(),
    ics,
    /** The accepted agenda (drafting-agenda.ts); null when none was accepted. Older rows lack it. */
    agenda: z.string().max(5000).nullable().optional(),
  }),
  z.object({
    kind: z.literal("meetingCancelled"),
    personRef: ref,
    start: instant,
    byName: name,
    ics,
  }),
] as const;

export type SchedulingNotification = z.input<(typeof schedulingNotificationSchemas)[number]>;
