import type { Locale } from "../app/ports.ts";
import type { MyRole, NextStep } from "../app/my-overview.ts";

// Texts of "my overview" (App Home and `sip mina`): open SIPs and polls waiting for an answer. Swedish
// first, English second; kept apart from texts.ts so the shared texts files stay untouched.

export interface MyOverviewTexts {
  sipsTitle: string;
  sipsEmpty: string;
  pollsTitle: string;
  pollsEmpty: string;
  role: Record<MyRole, string>;
  next: Record<NextStep, string>;
  /** "K-7F3Q · Samtycke inhämtat · du är initiativtagare · Nästa: hitta mötestid" */
  sipLine: (ref: string, state: string, role: string, next: string) => string;
  /** The date that goes with the next step. */
  onDay: (date: string) => string;
  answerBy: (date: string) => string;
  meetingAt: (when: string) => string;
  pollLine: (ref: string, deadline: string, answered: number, total: number) => string;
  optional: string;
  answerButton: (ref: string) => string;
  more: (n: number) => string;
}

const sv: MyOverviewTexts = {
  sipsTitle: "Mina pågående SIP:ar",
  sipsEmpty: "Du deltar inte i någon pågående SIP.",
  pollsTitle: "Mötesförfrågningar som väntar på ditt svar",
  pollsEmpty: "Inga mötesförfrågningar väntar på ditt svar.",
  role: { INITIATOR: "du är initiativtagare", CHAIR: "du är sammankallande", PARTICIPANT: "du deltar" },
  next: {
    decide: "starta SIP eller avböj förslaget",
    consent: "inhämta samtycke",
    findTime: "hitta en mötestid",
    answers: "svar på mötesförfrågan",
    meeting: "SIP-mötet",
    followUp: "uppföljning",
  },
  sipLine: (ref, state, role, next) => `*${ref}* · ${state} · ${role}\nNästa steg: ${next}`,
  onDay: (date) => `den ${date}`,
  answerBy: (date) => `senast ${date}`,
  meetingAt: (when) => when,
  pollLine: (ref, deadline, answered, total) =>
    `*${ref}* · svara senast ${deadline} (Europe/Stockholm) · du har svarat för ${answered} av ${total} tider`,
  optional: "valfri deltagare",
  answerButton: (ref) => `Svara ${ref}`,
  more: (n) => `… och ${n} till`,
};

const en: MyOverviewTexts = {
  sipsTitle: "My open SIPs",
  sipsEmpty: "You take part in no open SIP.",
  pollsTitle: "Meeting polls waiting for your answer",
  pollsEmpty: "No meeting polls are waiting for your answer.",
  role: { INITIATOR: "you initiated it", CHAIR: "you chair it", PARTICIPANT: "you take part" },
  next: {
    decide: "start the SIP or dismiss the suggestion",
    consent: "obtain consent",
    findTime: "find a meeting time",
    answers: "answers to the meeting poll",
    meeting: "the SIP meeting",
    followUp: "follow-up",
  },
  sipLine: (ref, state, role, next) => `*${ref}* · ${state} · ${role}\nNext step: ${next}`,
  onDay: (date) => `on ${date}`,
  answerBy: (date) => `by ${date}`,
  meetingAt: (when) => when,
  pollLine: (ref, deadline, answered, total) =>
    `*${ref}* · answer by ${deadline} (Europe/Stockholm) · you have answered ${answered} of ${total} times`,
  optional: "optional participant",
  answerButton: (ref) => `Answer ${ref}`,
  more: (n) => `… and ${n} more`,
};

export function myOverviewTexts(locale: Locale): MyOverviewTexts {
  return locale === "en" ? en : sv;
}
