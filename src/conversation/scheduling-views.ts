import type { Booked, Cancelled } from "../app/scheduling-booking.ts";
import type { OpenedPoll, PollView } from "../app/scheduling-polls.ts";
import type { PollParticipantRecord, PollRecord } from "../app/scheduling-ports.ts";
import type { VoteOutcome } from "../app/scheduling-votes.ts";
import { ANSWERS, type Answer, hasAnsweredAll, tally } from "../domain/poll.ts";
import { formatDate } from "./format.ts";
import type { Block, Button, FormField, Reply } from "./message.ts";
import { formatDeadline, formatWhen, formatWhenPlain } from "./scheduling-format.ts";
import { plainCancellation, plainInvitation } from "./scheduling-texts.ts";
import type { ViewContext } from "./views.ts";

// Replies of the scheduling step in the neutral message model. Button values are short JSON the action
// handler parses back and checks; they carry ids and positions, never text.

export const ANSWER_CODE: Record<Answer, string> = { YES: "Y", IF_NEED_BE: "M", NO: "N" };
export const MINUTE_CHOICES = [30, 45, 60, 90, 120] as const;

export function icsFile(ref: string, ics: string, cancelled = false): Block {
  const filename = `sip-mote-${ref}${cancelled ? "-avbokat" : ""}.ics`;
  return { type: "file", file: { filename, mimeType: "text/calendar", content: ics } };
}

export function findTimeButton(ctx: ViewContext, ref: string): Button {
  return { label: ctx.t.scheduling.findTimeButton, actionId: "sip.times", value: ref, style: "primary" };
}

export function pollFormReply(ctx: ViewContext, ref: string, defaultMinutes: number): Reply {
  const s = ctx.t.scheduling;
  const minutes = [defaultMinutes, ...MINUTE_CHOICES.filter((m) => m !== defaultMinutes)];
  return {
    text: s.formTitle(ref),
    blocks: [
      {
        type: "form",
        form: {
          actionId: "poll.open",
          value: ref,
          title: s.formTitle(ref),
          submitLabel: s.formSubmit,
          fields: [
            { type: "text", id: "required", label: s.formRequired, required: true, maxLength: 500 },
            { type: "text", id: "optional", label: s.formOptional, required: false, maxLength: 500 },
            {
              type: "select",
              id: "minutes",
              label: s.formMinutes,
              required: true,
              options: minutes.map((m) => ({ label: s.minutesOption(m), value: String(m) })),
            },
            { type: "text", id: "place", label: s.formPlace, required: true, maxLength: 300 },
            { type: "date", id: "from", label: s.formFrom, required: false },
            { type: "date", id: "deadline", label: s.formDeadline, required: false },
            { type: "text", id: "times", label: s.formTimes, required: false, maxLength: 400 },
          ],
        },
      },
    ],
  };
}

function answerOf(poll: PollRecord, participantId: string, slotId: string): Answer | null {
  return poll.votes.find((v) => v.participantId === participantId && v.slotId === slotId)?.answer ?? null;
}

function voteButtons(ctx: ViewContext, poll: PollRecord): Block[] {
  const s = ctx.t.scheduling;
  return [
    ...poll.slots.map((slot): Block => ({
      type: "buttons",
      buttons: ANSWERS.map((a) => ({
        label: s.answerButton(slot.position, s.answers[a]),
        actionId: "poll.vote",
        value: JSON.stringify({ p: poll.id, s: slot.position, a: ANSWER_CODE[a] }),
        ...(a === "YES" && { style: "primary" as const }),
      })),
    })),
    {
      type: "buttons",
      buttons: [{ label: s.answerFormButton, actionId: "poll.answer", value: poll.id }],
    },
  ];
}

/** The tally for everyone; the reader's own answers and note; for the lead, who is missing and the rules' pick. */
export function pollBlocks(
  ctx: ViewContext,
  poll: PollRecord,
  me: PollParticipantRecord | null,
  lead: boolean,
): Block[] {
  const { t, locale } = ctx;
  const s = t.scheduling;
  const counts = tally(poll.slots, poll.participants, poll.votes);
  const lines = poll.slots.map((slot, i) => {
    const c = counts[i];
    const line = s.slotLine(
      slot.position,
      formatWhen(slot.start, slot.end, locale),
      c?.yes ?? 0,
      c?.ifNeedBe ?? 0,
      c?.no ?? 0,
      c?.unanswered ?? 0,
    );
    const mine = me === null ? null : answerOf(poll, me.id, slot.id);
    return mine === null ? line : `${line} (${s.yourAnswer(s.answers[mine])})`;
  });
  const blocks: Block[] = [
    { type: "section", text: `*${s.pollTitle(poll.personRef)}*` },
    {
      type: "context",
      text: s.pollMeta(poll.place, poll.durationMinutes, formatDeadline(poll.closesAt, locale)),
    },
    { type: "section", text: lines.join("\n") },
  ];
  if (me?.note) blocks.push({ type: "context", text: s.yourNote(me.note) });
  const open = poll.status === "OPEN";
  if (me !== null && open) blocks.push(...voteButtons(ctx, poll));
  if (!lead) return blocks;

  const waiting = poll.participants.filter((p) => !hasAnsweredAll(p.id, poll.slots, poll.votes));
  if (waiting.length > 0)
    blocks.push({ type: "context", text: s.waitingFor(waiting.map((p) => p.name).join(", ")) });
  const outside = poll.participants.filter((p) => p.staffId === null);
  if (open && outside.length > 0) {
    blocks.push({
      type: "buttons",
      buttons: outside.map((p) => ({
        label: s.proxyButton(p.name),
        actionId: "poll.proxy",
        value: JSON.stringify({ p: poll.id, n: p.position }),
      })),
    });
  }
  blocks.push(...choiceBlocks(ctx, poll));
  return blocks;
}

function choiceBlocks(ctx: ViewContext, poll: PollRecord): Block[] {
  const { t, locale } = ctx;
  const s = t.scheduling;
  const counts = tally(poll.slots, poll.participants, poll.votes);
  const viable = counts
    .filter((c) => c.blockers.length === 0 && c.missing.length === 0)
    .sort((a, b) => b.yes - a.yes || a.ifNeedBe - b.ifNeedBe || a.start.getTime() - b.start.getTime());
  const best = viable[0];
  const slot = best === undefined ? undefined : poll.slots.find((x) => x.id === best.slotId);
  const newTimes: Button = { label: s.newTimesButton, actionId: "poll.newTimes", value: poll.id };
  if (slot !== undefined) {
    return [
      { type: "section", text: s.bestSoFar(slot.position, formatWhen(slot.start, slot.end, locale)) },
      {
        type: "buttons",
        buttons: [
          {
            label: s.bookButton(slot.position),
            actionId: "poll.book",
            value: JSON.stringify({ p: poll.id, s: slot.position }),
            style: "primary",
          },
          newTimes,
        ],
      },
    ];
  }
  // While required answers are still coming in, "no time works" would only repeat the waiting list.
  if (poll.status === "OPEN" && counts.some((c) => c.missing.length > 0 && c.blockers.length === 0))
    return [];
  const names = new Map(poll.participants.map((p) => [p.id, p.name]));
  const lines = counts.map((c) => {
    const sl = poll.slots.find((x) => x.id === c.slotId);
    const when = sl === undefined ? "" : formatWhen(sl.start, sl.end, locale);
    return s.blockedLine(
      sl?.position ?? 0,
      when,
      c.blockers.map((id) => names.get(id) ?? "?").join(", "),
      c.missing.map((id) => names.get(id) ?? "?").join(", "),
    );
  });
  return [
    { type: "section", text: [s.noTimeWorks, ...lines].join("\n") },
    { type: "buttons", buttons: [newTimes] },
  ];
}

function blocksText(blocks: Block[]): string {
  return blocks
    .flatMap((b) => (b.type === "section" || b.type === "context" ? [b.text.replace(/\*/g, "")] : []))
    .join("\n");
}

export function pollViewReply(ctx: ViewContext, view: PollView, defaultMinutes: number): Reply {
  const s = ctx.t.scheduling;
  const meeting = view.meeting;
  const head: Block[] =
    meeting === null
      ? []
      : [
          {
            type: "section",
            text: s.meetingInfo(formatWhen(meeting.start, meeting.end, ctx.locale), meeting.place),
          },
        ];
  if (view.poll === null) {
    if (view.lead) {
      const form = pollFormReply(ctx, view.personRef, defaultMinutes);
      return {
        text: [...head.map((b) => (b.type === "section" ? b.text : "")), form.text].join("\n"),
        blocks: [...head, ...form.blocks],
      };
    }
    const text = s.noPollYet(view.personRef);
    return { text, blocks: [...head, { type: "section", text }] };
  }
  const blocks = [...head, ...pollBlocks(ctx, view.poll, view.me, view.lead)];
  return { text: blocksText(blocks), blocks };
}

export function pollOpenedReply(ctx: ViewContext, o: OpenedPoll): Reply {
  const s = ctx.t.scheduling;
  const lines = [
    s.pollOpened(o.poll.personRef, o.poll.slots.length, formatDeadline(o.poll.closesAt, ctx.locale)),
  ];
  if (o.limit !== null) lines.push(s.limitNote(formatDate(o.limit, ctx.locale)));
  if (o.limitPassed) lines.push(s.limitPassed);
  const me = o.poll.participants.find((p) => p.staffId === o.poll.createdById) ?? null;
  const blocks: Block[] = [
    { type: "section", text: lines.join("\n") },
    { type: "divider" },
    ...pollBlocks(ctx, o.poll, me, true),
  ];
  return { text: blocksText(blocks), blocks };
}

function slotFields(ctx: ViewContext, poll: PollRecord): FormField[] {
  const s = ctx.t.scheduling;
  return poll.slots.map((slot) => ({
    type: "select",
    id: `slot${slot.position}`,
    label: s.slotField(slot.position, formatWhen(slot.start, slot.end, ctx.locale)),
    required: true,
    options: ANSWERS.map((a) => ({ label: s.answers[a], value: ANSWER_CODE[a] })),
  }));
}

export function answerFormReply(ctx: ViewContext, poll: PollRecord): Reply {
  const s = ctx.t.scheduling;
  return {
    text: s.answerFormTitle,
    blocks: [
      {
        type: "form",
        form: {
          actionId: "poll.answer.submit",
          value: poll.id,
          title: `${s.answerFormTitle} – ${poll.personRef}`,
          submitLabel: s.answerFormSubmit,
          fields: [
            ...slotFields(ctx, poll),
            {
              type: "text",
              id: "note",
              label: s.answerFormNote,
              required: false,
              multiline: true,
              maxLength: 300,
            },
          ],
        },
      },
    ],
  };
}

export function proxyFormReply(ctx: ViewContext, poll: PollRecord, p: PollParticipantRecord): Reply {
  const s = ctx.t.scheduling;
  return {
    text: s.proxyFormTitle(p.name),
    blocks: [
      {
        type: "form",
        form: {
          actionId: "poll.proxy.submit",
          value: JSON.stringify({ p: poll.id, n: p.position }),
          title: s.proxyFormTitle(p.name),
          submitLabel: s.answerFormSubmit,
          fields: slotFields(ctx, poll),
        },
      },
    ],
  };
}

export function voteReply(ctx: ViewContext, o: VoteOutcome, onBehalf: boolean, lead: boolean): Reply {
  const s = ctx.t.scheduling;
  const head =
    o.changed === 0 ? s.answerUnchanged : onBehalf ? s.proxyRecorded(o.participant.name) : s.answerRecorded;
  const lines = [head, ...(o.allAnswered && lead ? [s.allAnswered(o.poll.personRef)] : [])];
  const me = o.poll.participants.find((p) => p.id === o.participant.id && p.staffId !== null) ?? null;
  const blocks: Block[] = [{ type: "section", text: lines.join("\n") }, ...pollBlocks(ctx, o.poll, me, lead)];
  return { text: blocksText(blocks), blocks };
}

export function bookedReply(ctx: ViewContext, b: Booked, actorName: string, actorUnit: string | null): Reply {
  const s = ctx.t.scheduling;
  const ref = b.poll.personRef;
  const when = formatWhen(b.meeting.start, b.meeting.end, ctx.locale);
  const lines = [
    b.rescheduled ? s.rescheduled(ref, when, b.meeting.place) : s.booked(ref, when, b.meeting.place),
  ];
  if (b.against.length > 0) lines.push(s.bookedAgainst(b.against.join(", ")));
  // The lead sees whether the kallelse carried an accepted agenda (`sip agenda` to make one).
  if (b.agenda === null) lines.push(ctx.t.drafting.noAgenda);
  const blocks: Block[] = [{ type: "section", text: lines.join("\n") }];
  if (b.outside.length > 0) {
    const plain = plainInvitation(
      formatWhenPlain(b.meeting.start, b.meeting.end),
      b.meeting.place,
      actorName,
      actorUnit,
      b.agenda,
    );
    blocks.push(
      { type: "divider" },
      { type: "section", text: s.outsideIntro(b.outside.map((p) => p.name).join(", ")) },
      { type: "section", text: plain },
    );
    lines.push(s.outsideIntro(b.outside.map((p) => p.name).join(", ")), plain);
  }
  blocks.push(icsFile(ref, b.ics));
  return { text: lines.join("\n"), blocks };
}

export function cancelledReply(ctx: ViewContext, ref: string, c: Cancelled, actorName: string): Reply {
  const s = ctx.t.scheduling;
  const lines = [s.cancelled(ref)];
  const blocks: Block[] = [{ type: "section", text: s.cancelled(ref) }];
  if (c.outside.length > 0) {
    const plain = plainCancellation(formatWhenPlain(c.meeting.start, c.meeting.end), actorName);
    const intro = s.outsideIntro(c.outside.map((p) => p.name).join(", "));
    blocks.push({ type: "divider" }, { type: "section", text: intro }, { type: "section", text: plain });
    lines.push(intro, plain);
  }
  blocks.push(icsFile(ref, c.ics, true));
  return { text: lines.join("\n"), blocks };
}
