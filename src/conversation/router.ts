import { type AppDeps, today } from "../app/deps.ts";
import type { Locale, StaffMember } from "../app/ports.ts";
import { findStaff, registerSelf } from "../app/staff.ts";
import { findPersonRefs } from "../domain/person-ref.ts";
import { findSwedishIds, looksLikeReserveNumber } from "../domain/personnummer.ts";
import { dispatchAction } from "./actions.ts";
import { type ParseProblem, parseCommand } from "./commands.ts";
import { freeTextTurn } from "./drafting.ts";
import { failureReply } from "./failures.ts";
import { pickLocale, texts } from "./locale.ts";
import { type Action, type Incoming, type Reply, reply } from "./message.ts";
import { runCommand, type Turn } from "./run-command.ts";
import type { Texts } from "./texts.ts";
import { registerFormReply, type ViewContext } from "./views.ts";

// Turns one message into replies: guard against personnummer, know who is speaking, parse, run the use
// case, render. Every adapter calls this; none of them knows the commands.

function contextFor(deps: AppDeps, locale: Locale): ViewContext {
  return { t: texts(locale), locale, taxonomy: deps.taxonomy, today: today(deps) };
}

function problemReply(t: Texts, p: ParseProblem): Reply {
  switch (p.problem) {
    case "notACommand":
      return reply(t.notUnderstood);
    case "tooLong":
      return reply(t.tooLong(p.max));
    case "missingRef":
      return reply(t.missingRef(p.command));
    case "badRef":
      return reply(t.badRef(p.given));
    case "missingArgument":
      return reply(t.missingArgument(p.command));
    case "badDate":
      return reply(t.badDate(p.given));
    case "badNumber":
      return reply(t.badNumber(p.command));
  }
}

/** A profile set to English wins; otherwise the client's language; otherwise Swedish. */
function localeFor(deps: AppDeps, actor: StaffMember | null, incoming: Incoming): Locale {
  return pickLocale(
    actor?.locale === "en" ? "en" : undefined,
    incoming.locale,
    actor?.locale,
    deps.settings.defaultLocale,
  );
}

function containsIdentifier(deps: AppDeps, text: string): boolean {
  return findSwedishIds(text, deps.clock.now()).length > 0 || looksLikeReserveNumber(text);
}

function identifierWarning(deps: AppDeps, incoming: Incoming): Reply {
  const t = texts(pickLocale(incoming.locale, deps.settings.defaultLocale));
  return reply(incoming.conversation === "direct" ? t.personnummerWarning : t.personnummerInGroup);
}

/**
 * Only the unexpected throws (a database that went away, a bug). The user gets a kind answer that nothing
 * they wrote was kept half-way (every use case runs in one transaction); the log gets the error's name and
 * code, never its message, which may quote the user's text.
 */
async function guarded(deps: AppDeps, incoming: Incoming, work: () => Promise<Reply[]>): Promise<Reply[]> {
  try {
    return await work();
  } catch (e) {
    const name = e instanceof Error ? e.name : typeof e;
    const code = e instanceof Error && "code" in e && typeof e.code === "string" ? e.code : "";
    console.error(`sip: unexpected error ${name} ${code}`.trim());
    return [reply(texts(pickLocale(incoming.locale, deps.settings.defaultLocale)).unexpected)];
  }
}

export function handleMessage(deps: AppDeps, incoming: Incoming, text: string): Promise<Reply[]> {
  return guarded(deps, incoming, () => messageTurn(deps, incoming, text));
}

/** A button press or a form submission. */
export function handleAction(deps: AppDeps, incoming: Incoming, action: Action): Promise<Reply[]> {
  return guarded(deps, incoming, () => actionTurn(deps, incoming, action));
}

async function messageTurn(deps: AppDeps, incoming: Incoming, text: string): Promise<Reply[]> {
  const ids = findSwedishIds(text, deps.clock.now());
  if (ids.length > 0 || looksLikeReserveNumber(text)) {
    // The only place a personnummer is accepted: "sip ny <nummer>" in a one-to-one chat. Everywhere else it
    // is refused before anything is parsed, stored or logged.
    const parsed = parseCommand(text, today(deps));
    const isNew = parsed.ok && parsed.command.name === "new" && parsed.command.identifier !== null;
    if (!isNew || ids.length !== 1 || incoming.conversation !== "direct")
      return [identifierWarning(deps, incoming)];
  }

  const actor = await findStaff(deps.store, incoming.user);
  const ctx = contextFor(deps, localeFor(deps, actor, incoming));
  if (actor === null) return [registerFormReply(ctx, await deps.store.listUnits())];
  if (!actor.approved) return [reply(ctx.t.awaitingApproval)];

  const parsed = parseCommand(text, ctx.today);
  const turn: Turn = { deps, incoming, actor, ctx };
  if (!parsed.ok) {
    // "Vem ansvarar för K-7F3Q?" starts like a command but is a question: without a leading "sip", a
    // failed parse falls back to free text.
    const explicit = /^\/?sip\b/i.test(text.trim());
    if (parsed.problem === "notACommand" || (!explicit && parsed.problem !== "tooLong"))
      return freeText(turn, text);
    return [problemReply(ctx.t, parsed)];
  }
  return runCommand(turn, parsed.command);
}

/** Free text: proposals and responsibility questions (drafting.ts), else the old "who ... K-XXXX". */
async function freeText(turn: Turn, text: string): Promise<Reply[]> {
  const understood = await freeTextTurn(turn, text);
  if (understood !== null) return understood;
  const refs = findPersonRefs(text);
  const [ref] = refs;
  if (refs.length === 1 && ref !== undefined && /\b(vem|who)\b/i.test(text))
    return runCommand(turn, { name: "who", ref });
  return [reply(turn.ctx.t.notUnderstood)];
}

async function actionTurn(deps: AppDeps, incoming: Incoming, action: Action): Promise<Reply[]> {
  // Form fields are typed text too: the same guard as for messages, before anything is stored.
  const typed = [action.value, ...Object.values(action.form ?? {})];
  if (typed.some((v) => containsIdentifier(deps, v))) return [identifierWarning(deps, incoming)];
  const actor = await findStaff(deps.store, incoming.user);
  const locale = localeFor(deps, actor, incoming);
  const ctx = contextFor(deps, locale);
  if (actor === null) {
    if (action.actionId !== "staff.register") return [registerFormReply(ctx, await deps.store.listUnits())];
    const f = action.form ?? {};
    const r = await registerSelf(deps, incoming.user, {
      handle: f.handle ?? "",
      displayName: f.displayName ?? "",
      unitName: f.unit ?? "",
      locale,
    });
    if (!r.ok) return [failureReply(ctx.t, r)];
    const welcome = r.value.approved ? ctx.t.registered : ctx.t.registeredPending;
    return [reply(welcome(r.value.displayName, r.value.unitName ?? ""))];
  }
  if (!actor.approved) return [reply(ctx.t.awaitingApproval)];
  return dispatchAction({ deps, incoming, actor, ctx }, action);
}
