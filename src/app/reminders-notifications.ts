import { z } from "zod";

// Follow-through notifications (reminders, overdue notices, changes of owner or due date, follow-up
// reminders, the weekly digest), as stored in the outbox. Joined into notificationSchema in
// notifications.ts; each is read back through its schema, so an altered row is skipped, not half-rendered.
const ref = z.string().regex(/^K-[0-9A-HJKMNP-TV-Z]{4,8}$/);
const name = z.string().min(1).max(200);
const number = z.number().int().positive();
const what = z.string().min(1).max(1000);
const date = z.iso.date();
const principal = z.enum(["REGION", "MUNICIPALITY", "OTHER"]);
const count = z.number().int().min(0).max(100_000_000);

export const followThroughNotificationSchemas = [
  z.object({
    kind: z.literal("commitmentReminder"),
    personRef: ref,
    number,
    what,
    dueDate: date,
    /** before: a few days ahead; due: on the day; snoozed: the date the owner asked to be reminded again. */
    when: z.enum(["before", "due", "snoozed"]),
  }),
  z.object({
    kind: z.literal("commitmentOverdue"),
    personRef: ref,
    number,
    what,
    dueDate: date,
    /** owner: the one who holds it; coordinator: the SIP's chair or initiator, told about someone else's. */
    role: z.enum(["owner", "coordinator"]),
    ownerName: name.nullable(),
  }),
  z.object({
    kind: z.literal("commitmentChanged"),
    personRef: ref,
    number,
    what,
    change: z.enum(["owner", "due"]),
    /** Which side of the change the recipient is on. */
    role: z.enum(["oldOwner", "newOwner", "owner"]),
    fromName: name.nullable(),
    toName: name.nullable(),
    oldDue: date.nullable(),
    newDue: date.nullable(),
    byName: name,
  }),
  z.object({
    kind: z.literal("followUpReminder"),
    personRef: ref,
    followUpDate: date,
    /** Open commitments carried into the follow-up's agenda; `what` only for the recipient's own principal. */
    open: z.array(z.object({ number, what: what.nullable(), dueDate: date.nullable(), principal })).max(100),
  }),
  z.object({
    kind: z.literal("weeklyDigest"),
    personRef: z.null(),
    weekStart: date,
    isoWeek: z.number().int().min(1).max(53),
    units: z
      .array(
        z.object({
          name,
          principal,
          figures: z.record(z.string().max(40), count),
          /** Mean of the four weeks before, per figure. */
          previousMean: z.record(z.string().max(40), z.number().min(0)),
          direction: z.record(z.string().max(40), z.enum(["up", "down", "flat"])),
          medianDaysToMeeting: z.number().min(0).max(100_000).nullable(),
          medianDaysToFollowUp: z.number().min(0).max(100_000).nullable(),
          overdue: z
            .array(z.object({ number, personRef: ref, dueDate: date, daysOverdue: count, principal }))
            .max(50),
          bothPrincipalsRefs: z.array(ref).max(50),
        }),
      )
      .max(200),
    pollsWithoutAnswers: count.nullable(),
    /** The trend chart (PNG, base64) and its text equivalent; null for the text-only variant. */
    chart: z
      .object({
        pngBase64: z
          .string()
          .max(2_000_000)
          .regex(/^[A-Za-z0-9+/]+=*$/),
        altText: z.string().min(1).max(2000),
      })
      .nullable(),
  }),
] as const;
