import { type DigestWeek, FIGURE_KEYS, lastCompleteWeek } from "../domain/digest.ts";
import type { AppDeps } from "./deps.ts";
import { computeDigest } from "./digest.ts";
import type { Digest, DigestChart, DigestChartPort } from "./digest-ports.ts";
import type { Notification } from "./notifications.ts";
import type { Locale, StaffMember } from "./ports.ts";

// The Monday digest: one outbox entry per manager and week, keyed `digest:<manager>:<week>`, so however
// many replicas run the job, and however often a crashed run is retried, each manager gets one digest.

type DigestNotification = Extract<Notification, { kind: "weeklyDigest" }>;

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The digest as stored data: what the outbox keeps and every platform renders (text-only when chart is null). */
export function digestNotification(digest: Digest, chart: DigestChart | null): DigestNotification {
  return {
    kind: "weeklyDigest",
    personRef: null,
    weekStart: digest.week.start,
    isoWeek: digest.week.isoWeek,
    units: digest.units.map((s) => ({
      name: s.unit.name,
      principal: s.unit.principal,
      figures: Object.fromEntries(FIGURE_KEYS.map((k) => [k, s.current[k]])),
      previousMean: Object.fromEntries(FIGURE_KEYS.map((k) => [k, s.trends[k].previousMean])),
      direction: Object.fromEntries(FIGURE_KEYS.map((k) => [k, s.trends[k].direction])),
      medianDaysToMeeting:
        s.current.medianDaysToMeeting === null ? null : round1(s.current.medianDaysToMeeting),
      medianDaysToFollowUp:
        s.current.medianDaysToFollowUp === null ? null : round1(s.current.medianDaysToFollowUp),
      overdue: s.overdue.map((o) => ({
        number: o.number,
        personRef: o.personRef,
        dueDate: o.dueDate,
        daysOverdue: o.daysOverdue,
        principal: o.principal,
      })),
      bothPrincipalsRefs: s.bothPrincipalsRefs,
    })),
    pollsWithoutAnswers: digest.pollsWithoutAnswers,
    chart,
  };
}

/** A chart that cannot be drawn (a missing font, a rendering fault) leaves the text-only digest, not none. */
async function tryChart(port: DigestChartPort | undefined, digest: Digest, locale: Locale) {
  if (port === undefined || digest.units.length === 0) return null;
  try {
    return await port.render(digest, locale);
  } catch (e) {
    const code = e instanceof Error && "code" in e ? String(e.code) : "";
    console.warn(
      `sip: digest chart not drawn (${e instanceof Error ? e.name : "error"} ${code}); sending text only`,
    );
    return null;
  }
}

export async function digestWithChart(
  deps: AppDeps,
  chart: DigestChartPort | undefined,
  digest: Digest,
  locale: Locale,
): Promise<DigestNotification> {
  return digestNotification(digest, await tryChart(chart, digest, locale));
}

export interface WeeklyRunResult {
  week: DigestWeek;
  managers: number;
  /** Digests written by this run; those another run (or replica) wrote already are not counted. */
  enqueued: number;
}

/** Every approved manager with a unit gets the digest of the last complete week for their unit. */
export async function sendWeeklyDigests(
  deps: AppDeps,
  chart: DigestChartPort | undefined,
  week: DigestWeek | null = null,
): Promise<WeeklyRunResult> {
  const reported = week ?? lastCompleteWeek(deps.clock.now());
  const managers = (await deps.store.listStaff()).filter(
    (s): s is StaffMember & { unitId: string } => s.role === "MANAGER" && s.approved && s.unitId !== null,
  );
  const units = await deps.store.listUnits();
  let enqueued = 0;
  // One manager at a time, each in its own transaction: a crash half-way keeps what was done, and the retry
  // finds those keys taken.
  for (const m of managers) {
    const key = `digest:${m.id}:${reported.start}`;
    if (await deps.store.followThrough.outboxKeyTaken(key)) continue;
    const own = units.filter((u) => u.id === m.unitId);
    const digest = await computeDigest(deps, own, reported, { id: m.id, unitId: m.unitId });
    const note = await digestWithChart(deps, chart, digest, m.locale);
    if (await deps.store.enqueueOutbox(key, m.id, note)) enqueued++;
  }
  return { week: reported, managers: managers.length, enqueued };
}
