import { z } from "zod";
import { fail, ok, type Result } from "../../src/domain/result.ts";

// Checks on an incoming activity that botbuilder does not make, run before it sees the activity: the
// serviceUrl must be a Bot Framework host (the bot sends its replies, with its token, to that URL), and
// the tenant must be one this deployment serves. botbuilder's own JWT check (signature, issuer, audience,
// expiry, serviceurl claim) comes after these, inside CloudAdapter.process.

/** Hosts of the Teams Bot Connector service in the public cloud (paths such as /emea/ or /amer/ vary). */
export const BOT_FRAMEWORK_HOSTS: readonly string[] = [
  "smba.trafficmanager.net",
  "smba.infra.gcc.teams.microsoft.com",
];
const LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]"];

// Lengths are generous bounds on what the Bot Framework sends, so a hostile body cannot carry megabytes
// of id. Unknown fields pass through to botbuilder untouched.
const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: z.string().max(512).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.string().min(1).max(2048),
  locale: z.string().max(32).optional(),
  from: z.looseObject({
    id: z.string().min(1).max(512),
    aadObjectId: z.string().max(64).optional(),
  }),
  conversation: z.looseObject({
    id: z.string().min(1).max(1024),
    conversationType: z.string().max(32).optional(),
    tenantId: z.string().max(64).optional(),
  }),
  recipient: z.looseObject({ id: z.string().min(1).max(512) }),
  channelData: z.looseObject({ tenant: z.looseObject({ id: z.string().max(64) }).optional() }).optional(),
});

export type CheckedActivity = z.infer<typeof activitySchema>;

export interface GuardOptions {
  /** Lower-case tenant ids; null accepts any tenant (local-development mode only). */
  allowedTenants: readonly string[] | null;
  /** http(s)://127.0.0.1 and localhost: the Emulator, the Agents Playground, and test connectors. */
  allowLoopbackServiceUrl: boolean;
  /** Channels accepted: "msteams" in production; the Emulator's "emulator" too in local development. */
  channels: readonly string[];
}

export type GuardProblem = "malformed" | "foreignServiceUrl" | "foreignTenant" | "foreignChannel";

export function tenantOf(a: CheckedActivity): string | undefined {
  return (a.channelData?.tenant?.id ?? a.conversation.tenantId)?.toLowerCase();
}

export function serviceUrlAllowed(raw: string, allowLoopback: boolean): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.username !== "" || url.password !== "") return false;
  if (allowLoopback && LOOPBACK_HOSTS.includes(url.hostname))
    return url.protocol === "http:" || url.protocol === "https:";
  return url.protocol === "https:" && url.port === "" && BOT_FRAMEWORK_HOSTS.includes(url.hostname);
}

export function checkActivity(body: unknown, o: GuardOptions): Result<CheckedActivity, GuardProblem> {
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) return fail("malformed");
  const a = parsed.data;
  if (!o.channels.includes(a.channelId)) return fail("foreignChannel");
  if (!serviceUrlAllowed(a.serviceUrl, o.allowLoopbackServiceUrl)) return fail("foreignServiceUrl");
  if (o.allowedTenants !== null) {
    const tenant = tenantOf(a);
    if (tenant === undefined || !o.allowedTenants.includes(tenant)) return fail("foreignTenant");
  }
  return ok(a);
}

export const GUARD_STATUS: Record<GuardProblem, number> = {
  malformed: 400,
  foreignServiceUrl: 403,
  foreignTenant: 403,
  foreignChannel: 403,
};
