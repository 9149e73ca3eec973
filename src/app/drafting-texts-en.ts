import { formatLocalDate } from "../domain/local-date.ts";
import type { DraftingTexts } from "./drafting-types.ts";

// The drafts in English: the same structure and conditions as the Swedish bundle.
export const draftingTextsEn: DraftingTexts = {
  titles: {
    personsQuestions: "The person's own questions",
    introduction: "Introduction",
    situation: "Current situation",
    needsAndGoals: "Needs and goals",
    efforts: "Efforts and who does what",
    responsibility: "Overall responsibility",
    carriedForward: "Commitments carried forward",
    followUp: "Next follow-up",
  },
  principal: { MUNICIPALITY: "the municipality", REGION: "the region", OTHER: "others" },
  date: (d) => formatLocalDate(d, "en"),
  commitment: (c, due) =>
    `${c.what} – ${c.owner}${due === null ? "" : `, by ${due}`}${c.overdue ? " (overdue)" : ""}`,
  agenda: {
    personsQuestions: (f) => [
      `The meeting starts with what ${f.ref} wants to raise.`,
      "Is there anything that should not be discussed today?",
    ],
    introduction: (f) => [
      "Everyone introduces themselves and the role they are here in.",
      f.consented
        ? `Consent: what it covers${f.hasExclusions ? ", and what the person has said it must not cover" : ""}.`
        : "No consent is recorded. Ask for consent first: without it, nothing may be shared between the principals.",
      "Secrecy: what is said stays with those who need it for the plan.",
      "The purpose is one shared plan of who does what, and when.",
      "How long the meeting may take, and who takes notes.",
    ],
    situation: (f, efforts) => [
      "What works well in daily life right now, and what does not?",
      efforts.length > 0 ? `Ongoing efforts: ${efforts}.` : "No ongoing efforts are registered.",
      ...(f.withheld
        ? ["Another principal's part is not shown without consent. Let each party speak for itself."]
        : []),
    ],
    needsAndGoals: (f) => [
      `What does ${f.ref} want to achieve? Write the goals in the person's own words.`,
      "Which needs are not met today?",
      "What can the person do on their own, and what do relatives do?",
    ],
    efforts: (f, lines) => [
      ...lines.map((l) => `${l}: what does it include, and who is the contact?`),
      ...(f.parallel
        ? [
            "The municipality and the region give efforts at the same time. How do they fit together? Must anything happen in a set order?",
          ]
        : []),
      ...(f.substanceUse
        ? ["How is care for the addiction split between social services and health care?"]
        : []),
      ...(f.inpatient ? ["What must be in place before discharge, and who makes sure it is?"] : []),
      "New commitments: who does what, and by when?",
      "What do others do, such as Försäkringskassan, the school or relatives?",
    ],
    responsibility: (_f, holder) =>
      holder === null
        ? ["No principal holds the overall responsibility yet. Decide who does."]
        : [`The overall responsibility lies with ${holder}. Is that still right?`],
    carriedForward: (f, lines) =>
      lines.length === 0
        ? ["There are no open commitments from before."]
        : [
            ...lines,
            ...(f.openCommitments.some((c) => c.overdue)
              ? [
                  "Take the overdue commitments first: what is in the way, and should they be handed to someone else?",
                ]
              : []),
          ],
    followUp: (_f, date) => [
      date === null
        ? "Set a follow-up date before the meeting ends."
        : `The follow-up is set for ${date}. Does it still suit?`,
      "Who sends the invitation to the follow-up?",
    ],
  },
  questions: {
    staff: (f) => [
      "What do you need to know about the other efforts to do your own work well?",
      ...(f.parallel
        ? [
            "The municipality's and the region's efforts run at the same time. Where do they overlap, and where are the gaps?",
          ]
        : []),
      ...(f.overallResponsibility === null
        ? ["Nobody holds the overall responsibility yet. Who is best placed to hold the plan together?"]
        : []),
      ...(f.openCommitments.some((c) => c.overdue)
        ? ["Some commitments are overdue. What is in the way, and who could take them over?"]
        : []),
      ...(f.followUpDate === null ? ["Who makes sure the follow-up happens?"] : []),
      ...(f.inpatient ? ["What has to be in place before discharge?"] : []),
      ...(f.consented ? [] : ["What may you share before consent is recorded, and what must wait?"]),
      "Has the person said what matters most to them before the efforts are decided?",
    ],
    manager: (f) => [
      "Do staff have time set aside for SIP meetings and for following up commitments?",
      ...(f.overallResponsibility === null
        ? ["Do the principals need to agree at management level on who takes the overall responsibility?"]
        : []),
      ...(f.openCommitments.some((c) => c.overdue)
        ? ["Overdue commitments: is a decision or more resources needed?"]
        : []),
      ...(f.parallel ? ["Do both principals know who the contact is on the other side?"] : []),
      "Is there anything in our routines that makes working together harder in this case?",
    ],
    person: (f) => [
      "What matters most to you right now?",
      "What works well, and what would you like to change?",
      "What would you like to manage on your own?",
      ...(f.parallel
        ? [
            "Does anything feel confusing or duplicated in your contacts with the municipality and the region?",
          ]
        : []),
      ...(f.openCommitments.length > 0 ? ["Are you waiting for something someone promised to do?"] : []),
      "Who would you like as your contact person?",
      "Is there anything you do not want us to talk about?",
    ],
    relatives: (f) => [
      "How do you see the situation right now?",
      "What do you do today to support, and can you keep it up?",
      "What support do you need yourself?",
      ...(f.child
        ? ["How could the school, health care and social services work better together around the child?"]
        : []),
      "Whom do you contact if something happens between meetings?",
    ],
  },
  roleTitle: {
    staff: "Questions for staff",
    manager: "Questions for managers",
    person: "Questions for the person",
    relatives: "Questions for relatives",
  },
  summary: {
    intro: (ref) => `This is your plan (${ref}). It shows who does what for you, and when.`,
    efforts: (list) => `You receive these efforts: ${list}.`,
    noEfforts: "No efforts are registered yet.",
    commitments: "This is what will be done:",
    commitmentLine: (what, owner, due) => `${what}. Done by ${owner}${due === null ? "" : `, by ${due}`}.`,
    responsibility: (holder) =>
      holder === null
        ? "It is not yet decided who holds the plan together."
        : `${holder.charAt(0).toUpperCase()}${holder.slice(1)} holds the plan together.`,
    followUp: (date) =>
      date === null ? "The date of the next review is not set yet." : `We review the plan again on ${date}.`,
    rights:
      "The plan is yours. You can change it, say no to it and withdraw your consent at any time. You can have the plan on paper.",
  },
};
