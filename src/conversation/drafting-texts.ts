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
  agendaAccepted: (ref: string, version: number) => string;
  // ---- the accepted agenda: edit form, errors, and its place in the invitation (kallelse) ----
  editAgendaTitle: (ref: string) => string;
  agendaField: string;
  saveAgenda: string;
  agendaEmpty: string;
  agendaTooLong: (max: number) => string;
  agendaNotAcceptable: string;
  /** Heading of the agenda in an invitation. */
  agendaHeading: string;
  /** In an invitation when no agenda was accepted. */
  noAgenda: string;
  /** A model answered nothing usable (noModel, invalidOutput); the rules and templates stand in. */
  modelUnavailable: string;
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
  acceptAgenda: "Granska och godkänn dagordningen",
  agendaAccepted: (ref, version) =>
    `Du har godkänt dagordningen för ${ref} (version ${version}). Den skickas med kallelsen när mötet bokas.`,
  editAgendaTitle: (ref) => `Dagordning för ${ref}`,
  agendaField: "Dagordning (ändra det du vill)",
  saveAgenda: "Godkänn",
  agendaEmpty: "Dagordningen är tom. Skriv minst en punkt.",
  agendaTooLong: (max) => `Dagordningen är för lång. Den får vara högst ${max} tecken.`,
  agendaNotAcceptable:
    "Dagordningen innehåller ett personnummer eller en annan persons referens. Ta bort det och försök igen.",
  agendaHeading: "Dagordning",
  noAgenda: "Dagordning saknas: ingen dagordning har godkänts ännu.",
  modelUnavailable: "Språkmodellen gav inget användbart svar. Mallarna och reglerna används i stället.",
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
  acceptAgenda: "Review and accept the agenda",
  agendaAccepted: (ref, version) =>
    `You have accepted the agenda for ${ref} (version ${version}). It goes with the invitation when the meeting is booked.`,
  editAgendaTitle: (ref) => `Agenda for ${ref}`,
  agendaField: "Agenda (change what you like)",
  saveAgenda: "Accept",
  agendaEmpty: "The agenda is empty. Write at least one point.",
  agendaTooLong: (max) => `The agenda is too long. It may be at most ${max} characters.`,
  agendaNotAcceptable:
    "The agenda contains a personal identity number or another person's reference. Remove it and try again.",
  agendaHeading: "Agenda",
  noAgenda: "No agenda: none has been accepted yet.",
  modelUnavailable: "The language model gave no usable answer. The templates and rules are used instead.",
  helpLines: [
    "`sip agenda K-7F3Q` – draft agenda for the SIP meeting",
    "`sip questions K-7F3Q [staff|manager|person|relatives]` – reflection questions before the meeting",
    "You can also write freely, e.g. “Bo calls FK by Friday for K-7F3Q”, and I propose what could be saved.",
  ],
};
