import type { AppDeps } from "../app/deps.ts";
import { digestOnDemand } from "../app/digest.ts";
import { digestWithChart } from "../app/digest-weekly.ts";
import { addGoal, planDocument } from "../app/plan-document.ts";
import type { Locale, StaffMember } from "../app/ports.ts";
import { moveCommitmentDue, reassignCommitment, snoozeCommitment } from "../app/reminders-actions.ts";
import { parseDigestWeek } from "../domain/digest.ts";
import { addDays, type LocalDate } from "../domain/local-date.ts";
import { parsePersonRef } from "../domain/person-ref.ts";
import { renderPlanHtml } from "../report/plan-html.ts";
import { parseDatePhrase } from "./dates.ts";
import { formatDate } from "./format.ts";
import { type Reply, reply } from "./message.ts";
import type { Texts } from "./texts.ts";
import { digestReply, followThroughFailure, reassignFormReply } from "./follow-through-views.ts";

// The follow-through commands: the digest on demand, the person's plan, and what a reminder offers
// (snooze, hand over, move the due date; "klar" is the existing done command). Parsed here and joined into
// the shared command surface by commands.ts.

export type FollowThroughCommand =
  | { name: "digest"; unit: string | null; week: string | null }
  | { name: "plan"; ref: string }
  | { name: "goal"; ref: string; text: string }
  /** until null: one week from today (the reminder's button). */
  | { name: "snooze"; number: number; until: LocalDate | null }
  | { name: "reassign"; number: number; handle: string }
  | { name: "moveDue"; number: number; date: LocalDate };

type Problem =
  | { ok: false; problem: "missingRef"; command: string }
  | { ok: false; problem: "badRef"; command: string; given: string }
  | { ok: false; problem: "missingArgument"; command: string }
  | { ok: false; problem: "badDate"; command: string; given: string }
  | { ok: false; problem: "badNumber"; command: string };

export type FollowThroughParsed = { ok: true; command: FollowThroughCommand } | Problem;

const VERBS = new Map<string, FollowThroughCommand["name"]>([
  ["sammanfattning", "digest"],
  ["veckosammanfattning", "digest"],
  ["digest", "digest"],
  ["plan", "plan"],
  ["mål", "goal"],
  ["mal", "goal"],
  ["goal", "goal"],
  ["planen", "plan"],
  ["snooza", "snooze"],
  ["snooze", "snooze"],
  ["påminn", "snooze"],
  ["paminn", "snooze"],
  ["överlåt", "reassign"],
  ["overlat", "reassign"],
  ["lämna-över", "reassign"],
  ["lamna-over", "reassign"],
  ["reassign", "reassign"],
  ["flytta", "moveDue"],
  ["move", "moveDue"],
]);

const WEEK_LIKE = /^(\d{4}-?w\d{1,2}|[vw]?\d{1,2}|\d{4}-\d{2}-\d{2})$/i;

function commitmentNumber(given: string | undefined): number | null {
  if (given === undefined || !/^#?\d{1,12}$/.test(given)) return null;
  const n = Number(given.replace(/^#/, ""));
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** Null when the verb is not a follow-through command. */
export function parseFollowThrough(
  verb: string,
  args: string[],
  today: LocalDate,
): FollowThroughParsed | null {
  const name = VERBS.get(verb);
  if (name === undefined) return null;
  if (name === "digest") {
    const last = args[args.length - 1];
    const week = last !== undefined && WEEK_LIKE.test(last) ? last : null;
    const unitWords = week === null ? args : args.slice(0, -1);
    const unit = unitWords.join(" ").trim();
    return { ok: true, command: { name, unit: unit === "" ? null : unit.slice(0, 120), week } };
  }
  if (name === "plan" || name === "goal") {
    const given = args[0];
    if (given === undefined) return { ok: false, problem: "missingRef", command: verb };
    const ref = parsePersonRef(given);
    if (ref === null) return { ok: false, problem: "badRef", command: verb, given: given.slice(0, 20) };
    if (name === "plan") return { ok: true, command: { name, ref } };
    const text = args.slice(1).join(" ");
    return text.trim() === ""
      ? { ok: false, problem: "missingArgument", command: verb }
      : { ok: true, command: { name, ref, text } };
  }
  const number = commitmentNumber(args[0]);
  if (number === null) return { ok: false, problem: "badNumber", command: verb };
  const rest = args.slice(1);
  // Date words may follow a keyword: "sip snooza 12 till fredag", "sip flytta 12 till 15 december".
  const dateWords = ["till", "to", "until", "den"].includes((rest[0] ?? "").toLowerCase())
    ? rest.slice(1)
    : rest;
  if (name === "reassign") {
    const handle = rest.find((w) => w.startsWith("@") && w.length > 1) ?? rest[0];
    if (handle === undefined) return { ok: false, problem: "missingArgument", command: verb };
    return { ok: true, command: { name, number, handle: handle.replace(/^@/, "").slice(0, 60) } };
  }
  if (dateWords.length === 0) {
    if (name === "snooze") return { ok: true, command: { name, number, until: null } };
    return { ok: false, problem: "missingArgument", command: verb };
  }
  const date = parseDatePhrase(dateWords.join(" "), today);
  if (date === null)
    return { ok: false, problem: "badDate", command: verb, given: dateWords.join(" ").slice(0, 40) };
  return name === "snooze"
    ? { ok: true, command: { name, number, until: date } }
    : { ok: true, command: { name, number, date } };
}

/** The parts of a conversation turn these commands use. */
export interface FollowThroughTurn {
  deps: AppDeps;
  actor: StaffMember;
  ctx: { t: Texts; locale: Locale; today: LocalDate };
}

export async function runFollowThrough(
  turn: FollowThroughTurn,
  command: FollowThroughCommand,
): Promise<Reply[]> {
  const { deps, actor, ctx } = turn;
  const { t, locale } = ctx;
  const day = (d: LocalDate) => formatDate(d, locale);
  switch (command.name) {
    case "digest": {
      const week = command.week === null ? null : parseDigestWeek(command.week, ctx.today);
      if (command.week !== null && week === null) return [reply(t.ft.problem.badWeek)];
      const r = await digestOnDemand(deps, actor, { unitName: command.unit, week });
      if (!r.ok) return [followThroughFailure(t, r)];
      return [digestReply(await digestWithChart(deps, deps.digestChart, r.value, locale), locale)];
    }
    case "plan": {
      const r = await planDocument(deps, actor, command.ref);
      if (!r.ok) return [followThroughFailure(t, r)];
      const text = t.ft.planReady(command.ref);
      return [
        {
          text,
          blocks: [
            { type: "section", text },
            {
              type: "file",
              file: {
                filename: `plan-${command.ref}.html`,
                mimeType: "text/html",
                content: renderPlanHtml(r.value, locale),
              },
            },
          ],
        },
      ];
    }
    case "goal": {
      const r = await addGoal(deps, actor, command.ref, command.text);
      return r.ok ? [reply(t.ft.goalAdded(command.ref, r.value.goals))] : [followThroughFailure(t, r)];
    }
    case "snooze": {
      const until = command.until ?? addDays(ctx.today, 7);
      const r = await snoozeCommitment(deps, actor, command.number, until);
      return r.ok ? [reply(t.ft.snoozed(command.number, day(until)))] : [followThroughFailure(t, r)];
    }
    case "reassign": {
      const r = await reassignCommitment(deps, actor, command.number, command.handle);
      return r.ok
        ? [reply(t.ft.reassigned(command.number, r.value.to.displayName))]
        : [followThroughFailure(t, r)];
    }
    case "moveDue": {
      const r = await moveCommitmentDue(deps, actor, command.number, command.date);
      return r.ok ? [reply(t.ft.dueMoved(command.number, day(command.date)))] : [followThroughFailure(t, r)];
    }
  }
}

// Values are short numbers; anything longer did not come from a button we rendered.
const MAX_ACTION_VALUE = 20;

/**
 * The reminder's buttons and the hand-over form. Null for any other action. Values are untrusted: each is
 * parsed and run as the command typing would run, so a button can do no more than the command.
 */
export async function followThroughAction(
  turn: FollowThroughTurn,
  action: { actionId: string; value: string; form?: Record<string, string> },
): Promise<Reply[] | null> {
  const ids = ["commitment.snooze", "commitment.reassign", "commitment.reassign.submit"];
  if (!ids.includes(action.actionId)) return null;
  const number = action.value.length > MAX_ACTION_VALUE ? null : commitmentNumber(action.value);
  if (number === null) return [reply(turn.ctx.t.notUnderstood)];
  if (action.actionId === "commitment.snooze")
    return runFollowThrough(turn, { name: "snooze", number, until: null });
  if (action.actionId === "commitment.reassign") return [reassignFormReply(turn.ctx.t, number)];
  const handle = (action.form?.handle ?? "").trim().replace(/^@/, "");
  if (handle === "" || handle.length > 60) return [reply(turn.ctx.t.missingArgument("överlåt"))];
  return runFollowThrough(turn, { name: "reassign", number, handle });
}
