// Chat texts of the drafting features (agenda, reflection questions, proposals from free text), Swedish
// first and English second. The drafts' own wording lives in src/app/drafting-texts-*.ts.

export interface DraftingChatTexts {
  agendaTitle: (ref: string) => string;
  questionsTitle: (ref: string) => string;
  /** Under every draft: it is a draft, and a person decides. */
  draftNote: string;
  sourceTemplate: string;
  sourceModel: string;
  /** The model was asked but did not answer usefully; the templates stood in. */
  sourceFallback: string;
  understood: string;
  proposalEffort: (effort: string, principal: string) => string;
  proposalEffortAskPrincipal: (effort: string) => string;
  proposalCommitment: (owner: string, what: string, due: string | null) => string;
  confirmEffort: string;
  confirmCommitment: string;
  reject: string;
  rejected: string;
  tooLongForButton: string;
  needRef: string;
  oneRefOnly: string;
  questionAbout: (topic: string) => string;
  questionNeedsRef: (topic: string) => string;
  acceptAgenda: string;
  agendaAccepted: (ref: string) => string;
  helpLines: string[];
}

export const draftingSv: DraftingChatTexts = {
  agendaTitle: (ref) => `Utkast till dagordning – SIP-möte för ${ref}`,
  questionsTitle: (ref) => `Reflektionsfrågor inför SIP-mötet för ${ref}`,
  draftNote:
    "Det här är ett utkast. Granska och ändra det innan det skickas med kallelsen. Inget har sparats.",
  sourceTemplate: "Utkastet bygger på mallar och ärendets uppgifter.",
  sourceModel: "Utkastet är skrivet med hjälp av en språkmodell. Kontrollera att allt stämmer.",
  sourceFallback: "Språkmodellen svarade inte som den skulle, så utkastet bygger på mallar.",
  understood: "Så här uppfattade jag meddelandet. Inget sparas förrän du bekräftar.",
  proposalEffort: (effort, principal) => `Insats: ${effort} (${principal})`,
  proposalEffortAskPrincipal: (effort) => `Insats: ${effort}. Vilken huvudman ger den?`,
  proposalCommitment: (owner, what, due) =>
    `Åtagande: ${owner} – ${what}${due === null ? "" : `, senast ${due}`}`,
  confirmEffort: "Registrera insatsen",
  confirmCommitment: "Logga åtagandet",
  reject: "Nej, stämmer inte",
  rejected: "Okej, jag sparade ingenting.",
  tooLongForButton: "För långt för en knapp. Skriv i stället `sip åtagande`.",
  needRef: "Skriv vilken person det gäller (till exempel K-7F3Q), så kan jag föreslå det.",
  oneRefOnly: "Meddelandet nämner flera personer. Skriv om en person i taget.",
  questionAbout: (topic) => `Du frågade om: ${topic}. Så här ser ansvaret ut:`,
  questionNeedsRef: (topic) =>
    `Du frågade vem som ansvarar för ${topic}. Skriv personens referens, till exempel \`sip vem K-7F3Q\`.`,
  acceptAgenda: "Godkänn dagordningen",
  agendaAccepted: (ref) =>
    `Du har godkänt dagordningen för ${ref}. Bifoga texten (eller filen) till kallelsen, med dina ändringar.`,
  helpLines: [
    "`sip agenda K-7F3Q` – utkast till dagordning för SIP-mötet",
    "`sip frågor K-7F3Q [personal|chef|personen|närstående]` – reflektionsfrågor inför mötet",
    "Du kan också skriva fritt, t.ex. ”Bo ringer FK före fredag för K-7F3Q”, så föreslår jag vad som kan sparas.",
  ],
};

export const draftingEn: DraftingChatTexts = {
  agendaTitle: (ref) => `Draft agenda – SIP meeting for ${ref}`,
  questionsTitle: (ref) => `Reflection questions before the SIP meeting for ${ref}`,
  draftNote:
    "This is a draft. Review and edit it before it goes out with the invitation. Nothing has been saved.",
  sourceTemplate: "The draft is built from templates and the case's data.",
  sourceModel: "The draft was written with the help of a language model. Check that everything is right.",
  sourceFallback: "The language model did not answer as it should, so the draft is built from templates.",
  understood: "This is how I understood the message. Nothing is saved until you confirm.",
  proposalEffort: (effort, principal) => `Effort: ${effort} (${principal})`,
  proposalEffortAskPrincipal: (effort) => `Effort: ${effort}. Which principal gives it?`,
  proposalCommitment: (owner, what, due) =>
    `Commitment: ${owner} – ${what}${due === null ? "" : `, by ${due}`}`,
  confirmEffort: "Register the effort",
  confirmCommitment: "Log the commitment",
  reject: "No, that's wrong",
  rejected: "All right, I saved nothing.",
  tooLongForButton: "Too long for a button. Type `sip commit` instead.",
  needRef: "Say which person it is about (for example K-7F3Q), and I can propose it.",
  oneRefOnly: "The message mentions several persons. Write about one person at a time.",
  questionAbout: (topic) => `You asked about: ${topic}. This is who is responsible:`,
  questionNeedsRef: (topic) =>
    `You asked who is responsible for ${topic}. Give the person's reference, for example \`sip who K-7F3Q\`.`,
  acceptAgenda: "Accept the agenda",
  agendaAccepted: (ref) =>
    `You have accepted the agenda for ${ref}. Attach the text (or the file) to the invitation, with your edits.`,
  helpLines: [
    "`sip agenda K-7F3Q` – draft agenda for the SIP meeting",
    "`sip questions K-7F3Q [staff|manager|person|relatives]` – reflection questions before the meeting",
    "You can also write freely, e.g. “Bo calls FK by Friday for K-7F3Q”, and I propose what could be saved.",
  ],
};
