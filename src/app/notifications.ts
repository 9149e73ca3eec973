import { z } from "zod";
import { schedulingNotificationSchemas } from "./scheduling-notifications.ts";
import { followThroughNotificationSchemas } from "./reminders-notifications.ts";

// What a use case asks to be told to someone who is not in the conversation. Stored in the outbox as data
// (never as rendered text), so each platform renders it in the recipient's language when it delivers. A
// stored payload is read back through this schema: a row written by an older or newer version, or altered
// in the database, is skipped rather than rendered half-filled.
const ref = z.string().regex(/^K-[0-9A-HJKMNP-TV-Z]{4,8}$/);
const sipPrincipal = z.enum(["REGION", "MUNICIPALITY"]);
// Names and commitment texts are bounded where they are written; these limits only guard the reader.
const name = z.string().min(1).max(200);

export const notificationSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("sipSuggested"),
    personRef: ref,
    reason: z.enum(["BOTH_PRINCIPALS", "DISCHARGE"]),
    /** The organisation wants the strictest wording: no hint of the other principal or of a discharge. */
    strict: z.boolean().default(true),
    /** The principal the recipient does not belong to; null in the strict wording. */
    otherPrincipal: sipPrincipal.nullable(),
  }),
  z.object({ kind: z.literal("consentWithdrawn"), personRef: ref }),
  z.object({ kind: z.literal("sipStarted"), personRef: ref, byName: name }),
  z.object({
    kind: z.literal("commitmentAssigned"),
    personRef: ref,
    number: z.number().int().positive(),
    what: z.string().min(1).max(1000),
    dueDate: z.iso.date().nullable(),
    byName: name,
  }),
  ...schedulingNotificationSchemas,
  ...followThroughNotificationSchemas,
]);

export type Notification = z.input<typeof notificationSchema>;
export type ParsedNotification = z.output<typeof notificationSchema>;

export function parseNotification(payload: unknown): ParsedNotification | null {
  const parsed = notificationSchema.safeParse(payload);
  return parsed.success ? parsed.data : null;
}
