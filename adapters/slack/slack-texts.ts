import type { Locale } from "../../src/app/ports.ts";

// The Slack adapter's own few words (the bot's answers come from src/conversation). Like the console's,
// they describe the platform's mechanics only: opening a form, a late answer, the App Home frame.
const sv = {
  openForm: "Öppna formuläret",
  formWaiting: (title: string) => `*${title}*: tryck på knappen för att fylla i formuläret.`,
  formTooLong: "Formuläret kan inte öppnas härifrån. Skriv kommandot med `/sip` i stället.",
  close: "Stäng",
  lateReply:
    "Slack gick inte att nå när jag skulle svara dig. Det du gjorde är sparat. Här är svaret som inte kom fram:",
  homeTitle: "SIP-assistenten",
  homeHint: "Skriv `/sip hjälp` eller skriv till mig här för att se allt jag kan.",
  homeMine: "Mina åtaganden",
  homeRefresh: "Uppdatera",
  filesInDm: "Bilagan skickas till dig i ett direktmeddelande.",
  modalTextInstead: (n: number) => `Listan har fler än ${n} val; skriv namnet exakt som det står i listan.`,
  commitTitle: "Nytt åtagande",
  commitSubmit: "Logga",
  commitWhat: "Vad ska göras?",
  commitOwner: "Ansvarig kollega",
  commitOwnerOther: "… eller annan ansvarig (enhet, den enskilde, närstående, Försäkringskassan …)",
  commitDue: "Senast",
  commitWhatMissing: "Skriv vad som ska göras (högst 500 tecken).",
  commitOwnerMissing: "Välj en kollega eller skriv vem som ansvarar.",
  commitOwnerBoth: "Välj en kollega eller skriv en annan ansvarig, inte båda.",
  commitOwnerBad: "Det här går inte att använda. Skriv utan citattecken, högst 80 tecken.",
  commitOwnerUnknown:
    "Kollegan du valde använder inte SIP-assistenten än. Välj någon annan, eller skriv enhetens namn.",
  commitCannotCompose:
    "Jag kunde inte göra ett åtagande av svaren. Skriv kommandot i stället, till exempel `/sip åtagande K-7F3Q @bo Ringa Försäkringskassan senast fredag`.",
};

const en: typeof sv = {
  openForm: "Open the form",
  formWaiting: (title) => `*${title}*: press the button to fill in the form.`,
  formTooLong: "The form cannot be opened from here. Type the command with `/sip` instead.",
  close: "Close",
  lateReply:
    "Slack could not be reached when I tried to answer you. What you did is saved. Here is the answer that did not arrive:",
  homeTitle: "The SIP assistant",
  homeHint: "Type `/sip help` or write to me here to see everything I can do.",
  homeMine: "My commitments",
  homeRefresh: "Refresh",
  filesInDm: "The attachment is sent to you in a direct message.",
  modalTextInstead: (n) => `The list has more than ${n} choices; type the name exactly as listed.`,
  commitTitle: "New commitment",
  commitSubmit: "Log it",
  commitWhat: "What is to be done?",
  commitOwner: "Responsible colleague",
  commitOwnerOther: "… or another owner (a unit, the person, a relative, Försäkringskassan …)",
  commitDue: "By",
  commitWhatMissing: "Write what is to be done (at most 500 characters).",
  commitOwnerMissing: "Choose a colleague or write who is responsible.",
  commitOwnerBoth: "Choose a colleague or write another owner, not both.",
  commitOwnerBad: "This cannot be used. Write it without quotation marks, at most 80 characters.",
  commitOwnerUnknown:
    "The colleague you chose does not use the SIP assistant yet. Choose someone else, or write the unit's name.",
  commitCannotCompose:
    "I could not make a commitment of the answers. Type the command instead, for example `/sip commit K-7F3Q @bo Call Försäkringskassan by Friday`.",
};

export type SlackTexts = typeof sv;

export function slackTexts(locale: Locale): SlackTexts {
  return locale === "en" ? en : sv;
}
