import { type AppDeps, today } from "../../src/app/deps.ts";
import type { Locale } from "../../src/app/ports.ts";
import { pickLocale } from "../../src/conversation/locale.ts";
import type { Action, Form, Incoming, Reply } from "../../src/conversation/message.ts";
import { handleAction, handleMessage } from "../../src/conversation/router.ts";
import { LIMITS, type SlackBlock, type SlackMessage } from "./block-limits.ts";
import {
  type CommitmentAnswers,
  commitCommand,
  commitIntent,
  commitmentModal,
  readCommitment,
} from "./commitment-modal.ts";
import { fitHome } from "./home-fit.ts";
import type { LateReplies } from "./late-replies.ts";
import { decodeActionId, encodeActionId, renderReply } from "./render-blocks.ts";
import { type FormOrigin, formToModal, readSubmission } from "./render-modal.ts";
import { type Destination, SlackSendError, type SlackSender } from "./slack-sender.ts";
import { escapeMrkdwn, normaliseIncoming } from "./slack-text.ts";
import { slackTexts } from "./slack-texts.ts";
import type { UserLocales } from "./user-locale.ts";

// One Slack interaction → the conversation core → answers back in Slack. Bolt has already verified and
// acknowledged the request when these run, so nothing here sits in Slack's 3-second window.

export const PLATFORM = "slack";
/** The adapter's own button: opens a form when the message that offered it had no trigger for a modal. */
export const OPEN_FORM_ACTION = "slack.form.open";
export const HOME_REFRESH_ACTION = "slack.home.refresh";

/** Who speaks, from where, and where the answer goes. */
export interface SlackTurn {
  user: string;
  team: string;
  /** A conversation only the user and the bot can read (the bot's DM, App Home, an ephemeral answer's origin). */
  direct: boolean;
  dest: Destination;
  /** Lets a form open as a modal; valid for 3 seconds and only once. */
  triggerId?: string;
  /** Channel a form's answer should go back to (ephemerally); null: the user's DM. */
  channel: string | null;
  /** Pressed in App Home: the tab is published again afterwards, so it shows the change. */
  fromHome?: boolean;
}

/** How to produce a form again, once the user presses "open the form" (and so gives a trigger). */
type Rerun = { t: string } | { a: string; v: string };

export class SlackTurns {
  private readonly deps: AppDeps;
  private readonly sender: SlackSender;
  private readonly locales: UserLocales;
  private readonly late: LateReplies;

  constructor(deps: AppDeps, sender: SlackSender, locales: UserLocales, late: LateReplies) {
    this.deps = deps;
    this.sender = sender;
    this.locales = locales;
    this.late = late;
  }

  private async incoming(turn: SlackTurn): Promise<Incoming> {
    const locale = await this.locales.get(turn.user);
    return {
      user: { platform: PLATFORM, tenant: turn.team, userId: turn.user },
      conversation: turn.direct ? "direct" : "group",
      ...(locale !== undefined && { locale }),
    };
  }

  private adapterLocale(incoming: Incoming): Locale {
    return pickLocale(incoming.locale, this.deps.settings.defaultLocale);
  }

  /** A slash command, a DM or a mention: text as Slack sent it. */
  async text(turn: SlackTurn, raw: string, botUserId?: string): Promise<void> {
    const text = await normaliseIncoming(
      raw,
      async (id) => (await this.deps.store.findStaffByIdentity(PLATFORM, turn.team, id))?.handle ?? null,
      botUserId === undefined ? {} : { stripLeadingMention: botUserId },
    );
    await this.runText(turn, text);
  }

  private async runText(turn: SlackTurn, text: string): Promise<void> {
    const incoming = await this.incoming(turn);
    const ref = commitIntent(text);
    if (ref !== null && (await this.offerCommitmentModal(turn, incoming, ref, text))) return;
    const replies = await handleMessage(this.deps, incoming, text);
    await this.deliver(turn, incoming, replies, { t: text });
  }

  /** A button press in a message or in App Home. */
  async button(turn: SlackTurn, slackActionId: string, value: string): Promise<void> {
    const actionId = decodeActionId(slackActionId);
    if (actionId === OPEN_FORM_ACTION) {
      const rerun = parseRerun(value);
      if (rerun === null) return;
      if ("t" in rerun) await this.runText(turn, rerun.t);
      else await this.runAction(turn, { actionId: rerun.a, value: rerun.v });
      return;
    }
    if (actionId === HOME_REFRESH_ACTION) {
      await this.home(turn.user, turn.team);
      return;
    }
    await this.runAction(turn, { actionId, value });
    if (turn.fromHome === true) await this.home(turn.user, turn.team);
  }

  private async runAction(turn: SlackTurn, action: Action): Promise<void> {
    const incoming = await this.incoming(turn);
    const replies = await handleAction(this.deps, incoming, action);
    await this.deliver(turn, incoming, replies, { a: action.actionId, v: action.value });
  }

  /** "/sip åtagande K-7F3Q" alone: the commitment modal, for staff who may log commitments at all. */
  private async offerCommitmentModal(
    turn: SlackTurn,
    incoming: Incoming,
    ref: string,
    text: string,
  ): Promise<boolean> {
    const actor = await this.deps.store.findStaffByIdentity(PLATFORM, turn.team, turn.user);
    if (actor === null || !actor.approved) return false;
    const st = slackTexts(this.adapterLocale(incoming));
    if (turn.triggerId !== undefined) {
      try {
        await this.sender.openModal(
          turn.triggerId,
          commitmentModal(ref, { channel: turn.channel, direct: turn.direct }, st),
        );
        return true;
      } catch (e) {
        console.warn(`slack: views.open failed (${e instanceof SlackSendError ? e.slackError : "error"})`);
      }
    }
    const open = openFormBlock(st, { t: text }, 0);
    if (open === null) return false;
    const waiting = escapeMrkdwn(st.formWaiting(st.commitTitle));
    await this.post(turn, this.adapterLocale(incoming), {
      text: waiting,
      blocks: [{ type: "section", text: { type: "mrkdwn", text: waiting } }, open],
    });
    return true;
  }

  /** Checks a submitted commitment modal before it is acknowledged (errors keep the modal open). */
  readCommitment(user: string, view: unknown): ReturnType<typeof readCommitment> {
    return readCommitment(
      view,
      slackTexts(pickLocale(this.locales.peek(user), this.deps.settings.defaultLocale)),
    );
  }

  /** A commitment modal's answers, written as the command a user would type and run as such. */
  async commitment(user: string, team: string, a: CommitmentAnswers): Promise<void> {
    const turn: SlackTurn = { user, team, direct: a.origin.direct, dest: destFor(a.origin), channel: null };
    const incoming = await this.incoming(turn);
    const locale = this.adapterLocale(incoming);
    const st = slackTexts(locale);
    const say = (text: string) =>
      this.post(turn, locale, {
        text: escapeMrkdwn(text),
        blocks: [{ type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(text) } }],
      });
    let owner = a.ownerOther ?? "";
    if (a.ownerUser !== null) {
      const staff = await this.deps.store.findStaffByIdentity(PLATFORM, team, a.ownerUser);
      if (staff === null || !staff.approved) {
        await say(st.commitOwnerUnknown);
        return;
      }
      owner = `@${staff.handle}`;
    }
    const text = commitCommand(a, owner, today(this.deps));
    if (text === null) {
      await say(st.commitCannotCompose);
      return;
    }
    await this.runText(turn, text);
  }

  /** A submitted modal. Returns false for a view that is not ours or is malformed. */
  async submission(user: string, team: string, view: unknown): Promise<boolean> {
    const read = readSubmission(view);
    if (read === null) return false;
    const turn: SlackTurn = {
      user,
      team,
      direct: read.origin.direct,
      dest: destFor(read.origin),
      channel: null,
    };
    const incoming = await this.incoming(turn);
    const replies = await handleAction(this.deps, incoming, read.action);
    await this.deliver(turn, incoming, replies, null);
    return true;
  }

  /** App Home: my commitments, my open SIPs, polls waiting for my answer; a way in for someone new. */
  async home(user: string, team: string): Promise<void> {
    const turn: SlackTurn = { user, team, direct: true, dest: { kind: "dm" }, channel: null };
    const incoming = await this.incoming(turn);
    const st = slackTexts(this.adapterLocale(incoming));
    const replies = await handleMessage(this.deps, incoming, "sip mina");
    const blocks: SlackBlock[] = [
      { type: "section", text: { type: "mrkdwn", text: `*${escapeMrkdwn(st.homeTitle)}*` } },
      { type: "context", elements: [{ type: "mrkdwn", text: escapeMrkdwn(st.homeHint) }] },
      { type: "divider" },
    ];
    const body: SlackBlock[] = [];
    let form: Form | null = null;
    for (const r of replies) {
      const rendered = renderReply(r, Number.MAX_SAFE_INTEGER);
      form ??= rendered.form;
      for (const m of rendered.messages) body.push(...m.blocks);
    }
    const open = form === null ? null : openFormBlock(st, { t: "sip mina" }, body.length);
    if (open !== null) body.push(open);
    // More than a Home tab holds: the commitments are shortened (saying so), my SIPs and polls stay whole.
    blocks.push(...fitHome(body, LIMITS.blocksPerView - blocks.length - 2));
    blocks.push({
      type: "actions",
      elements: [
        {
          type: "button",
          text: { type: "plain_text", text: st.homeRefresh },
          action_id: encodeActionId(HOME_REFRESH_ACTION, 999),
          value: "home",
        },
      ],
    });
    await this.sender.publishHome(user, { type: "home", blocks });
  }

  private async deliver(
    turn: SlackTurn,
    incoming: Incoming,
    replies: Reply[],
    rerun: Rerun | null,
  ): Promise<void> {
    const locale = this.adapterLocale(incoming);
    const st = slackTexts(locale);
    let trigger = turn.triggerId;
    for (const reply of replies) {
      const rendered = renderReply(reply);
      for (const m of rendered.messages) await this.post(turn, locale, m);
      for (const u of rendered.uploads) {
        try {
          await this.sender.upload(turn.user, turn.dest, u);
        } catch (e) {
          console.error(`slack: upload failed (${e instanceof SlackSendError ? e.slackError : "error"})`);
        }
      }
      if (rendered.form === null) continue;
      if (trigger !== undefined) {
        const origin: FormOrigin = { channel: turn.channel, direct: turn.direct };
        try {
          await this.sender.openModal(trigger, formToModal(rendered.form, origin, st));
          trigger = undefined;
          continue;
        } catch (e) {
          // A trigger lives 3 seconds; a slow turn loses it. The user then gets the button instead.
          trigger = undefined;
          console.warn(`slack: views.open failed (${e instanceof SlackSendError ? e.slackError : "error"})`);
        }
      }
      const block = rerun === null ? null : openFormBlock(st, rerun, 0);
      const blocks: SlackBlock[] =
        block === null
          ? [{ type: "section", text: { type: "mrkdwn", text: escapeMrkdwn(st.formTooLong) } }]
          : [
              {
                type: "section",
                text: { type: "mrkdwn", text: escapeMrkdwn(st.formWaiting(rendered.form.title)) },
              },
              block,
            ];
      await this.post(turn, locale, { text: rendered.form.title, blocks });
    }
  }

  /** Posts one message; if the place refuses, the user's DM; if Slack is unreachable, kept for later. */
  private async post(turn: SlackTurn, locale: Locale, m: SlackMessage): Promise<void> {
    try {
      await this.sender.send(turn.user, turn.dest, m);
      return;
    } catch (e) {
      const failure = e instanceof SlackSendError ? e : null;
      if (failure?.failure === "refused" && turn.dest.kind !== "dm" && turn.dest.kind !== "post") {
        try {
          await this.sender.send(turn.user, { kind: "dm" }, m);
          return;
        } catch (again) {
          if (!(again instanceof SlackSendError) || again.failure !== "unreachable") {
            console.error(
              `slack: could not answer ${turn.user.slice(0, 12)} (${again instanceof SlackSendError ? again.slackError : "error"})`,
            );
            return;
          }
        }
      } else if (failure?.failure !== "unreachable") {
        console.error(`slack: could not answer (${failure?.slackError ?? "error"})`);
        return;
      }
      this.late.keep(turn.user, locale, m);
    }
  }
}

function destFor(origin: FormOrigin): Destination {
  // A form opened in a channel is answered there, ephemerally; everything else in the user's DM.
  return origin.channel !== null && !origin.direct
    ? { kind: "ephemeral", channel: origin.channel }
    : { kind: "dm" };
}

function openFormBlock(st: ReturnType<typeof slackTexts>, rerun: Rerun, n: number): SlackBlock | null {
  const value = JSON.stringify(rerun);
  if (value.length > LIMITS.buttonValue) return null;
  return {
    type: "actions",
    elements: [
      {
        type: "button",
        text: { type: "plain_text", text: st.openForm },
        action_id: encodeActionId(OPEN_FORM_ACTION, 900 + n),
        value,
        style: "primary",
      },
    ],
  };
}

function parseRerun(value: string): Rerun | null {
  try {
    const v = JSON.parse(value) as unknown;
    if (typeof v !== "object" || v === null) return null;
    const r = v as Record<string, unknown>;
    if (typeof r.t === "string" && r.t.length <= LIMITS.buttonValue) return { t: r.t };
    if (typeof r.a === "string" && typeof r.v === "string" && r.a.length <= 100) return { a: r.a, v: r.v };
  } catch {
    // not ours
  }
  return null;
}
