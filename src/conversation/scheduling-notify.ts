import type { ParsedNotification } from "../app/notifications.ts";
import type { Locale } from "../app/ports.ts";
import { ANSWERS } from "../domain/poll.ts";
import { texts } from "./locale.ts";
import type { Block, Reply } from "./message.ts";
import { formatDeadline, formatWhen } from "./scheduling-format.ts";
import { ANSWER_CODE, icsFile } from "./scheduling-views.ts";

// Renders the scheduling notifications from the outbox for their recipient, in the recipient's language.

type SchedulingKind =
  | "pollInvitation"
  | "pollReminder"
  | "pollProxyReminder"
  | "pollAllAnswered"
  | "pollClosed"
  | "meetingInvitation"
  | "meetingCancelled";
export type SchedulingParsed = Extract<ParsedNotification, { kind: SchedulingKind }>;

function slotList(slots: string[], locale: Locale): string {
  return slots.map((s, i) => `${i + 1}. ${formatWhen(new Date(s), null, locale)}`).join("\n");
}

function voteButtons(pollId: string, slots: string[], locale: Locale): Block[] {
  const s = texts(locale).scheduling;
  return [
    ...slots.map((_, i): Block => ({
      type: "buttons",
      buttons: ANSWERS.map((a) => ({
        label: s.answerButton(i + 1, s.answers[a]),
        actionId: "poll.vote",
        value: JSON.stringify({ p: pollId, s: i + 1, a: ANSWER_CODE[a] }),
      })),
    })),
    { type: "buttons", buttons: [{ label: s.answerFormButton, actionId: "poll.answer", value: pollId }] },
  ];
}

function plain(text: string, more: Block[] = []): Reply {
  return { text, blocks: [{ type: "section", text }, ...more] };
}

export function renderSchedulingNotification(n: SchedulingParsed, locale: Locale): Reply {
  const s = texts(locale).scheduling;
  switch (n.kind) {
    case "pollInvitation": {
      const head = s.invitation(n.personRef, n.byName, formatDeadline(new Date(n.closesAt), locale));
      const text = `${head}\n${slotList(n.slots, locale)}\n${n.place}`;
      return plain(text, voteButtons(n.pollId, n.slots, locale));
    }
    case "pollReminder": {
      const text = `${s.reminder(n.personRef, formatDeadline(new Date(n.closesAt), locale))}\n${slotList(n.slots, locale)}`;
      return plain(text, voteButtons(n.pollId, n.slots, locale));
    }
    case "pollProxyReminder":
      return plain(
        s.proxyReminder(n.personRef, n.labels.join(", "), formatDeadline(new Date(n.closesAt), locale)),
        [{ type: "buttons", buttons: [{ label: s.showButton, actionId: "poll.show", value: n.pollId }] }],
      );
    case "pollAllAnswered":
      return plain(s.allAnswered(n.personRef), [
        { type: "buttons", buttons: [{ label: s.showButton, actionId: "poll.show", value: n.pollId }] },
      ]);
    case "pollClosed": {
      const newTimes = { label: s.newTimesButton, actionId: "poll.newTimes", value: n.pollId };
      const chosenAt = n.chosen === null ? undefined : n.slots[n.chosen - 1];
      if (n.chosen !== null && chosenAt !== undefined) {
        const text = s.pollClosedChosen(n.personRef, n.chosen, formatWhen(new Date(chosenAt), null, locale));
        return plain(text, [
          {
            type: "buttons",
            buttons: [
              {
                label: s.bookButton(n.chosen),
                actionId: "poll.book",
                value: JSON.stringify({ p: n.pollId, s: n.chosen }),
                style: "primary",
              },
              newTimes,
            ],
          },
        ]);
      }
      const lines = n.blocked.map((b) =>
        s.blockedLine(
          b.position,
          formatWhen(new Date(n.slots[b.position - 1] ?? 0), null, locale),
          b.no.join(", "),
          b.missing.join(", "),
        ),
      );
      const text = [s.pollClosedNone(n.personRef), s.noTimeWorks, ...lines].join("\n");
      return plain(text, [{ type: "buttons", buttons: [newTimes] }]);
    }
    case "meetingInvitation": {
      const when = formatWhen(new Date(n.start), new Date(n.end), locale);
      const text = n.rescheduled
        ? s.rescheduledReceived(n.personRef, when, n.place, n.byName)
        : s.invitationReceived(n.personRef, when, n.place, n.byName);
      // The accepted agenda is part of the kallelse; an invitation without one says so plainly.
      const d = texts(locale).drafting;
      const agenda = typeof n.agenda === "string" ? `${d.agendaHeading}:\n${n.agenda}` : d.noAgenda;
      return plain(`${text}\n\n${agenda}`, [icsFile(n.personRef, n.ics)]);
    }
    case "meetingCancelled": {
      const text = s.cancelledReceived(n.personRef, formatWhen(new Date(n.start), null, locale), n.byName);
      return plain(text, [icsFile(n.personRef, n.ics, true)]);
    }
  }
}
