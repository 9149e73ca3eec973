// The Teams adapter's own few words (the bot's answers come from src/conversation). Swedish first.

const sv = {
  requiredField: "Det här fältet måste fyllas i.",
  answeredPrivately:
    "Jag har svarat dig i vår personliga chatt. Svar som kan gälla en persons ärende visas bara där.",
  openPersonalChat:
    "Svaret kan gälla en persons ärende och visas därför bara i en personlig chatt. Öppna en chatt med SIP-assistenten (Chatt → Ny chatt → SIP-assistenten) och skriv där.",
  fileNotAttached: (name: string) => `Filen ${name} kan inte bifogas i Teams.`,
  calendarNotAttached: (name: string) =>
    `Kalenderfilen ${name} kan inte bifogas i Teams. Lägg in mötet i din kalender med tid och plats ovan.`,
  cannotIdentify:
    "Jag kan inte se vem du är i Teams (inget Entra-konto i meddelandet). Be din administratör om hjälp.",
};

export type TeamsTexts = typeof sv;

const en: TeamsTexts = {
  requiredField: "This field is required.",
  answeredPrivately:
    "I have answered you in our personal chat. Answers that may concern a person's case are shown only there.",
  openPersonalChat:
    "The answer may concern a person's case, so it is shown only in a personal chat. Open a chat with the SIP assistant (Chat → New chat → SIP assistant) and write there.",
  fileNotAttached: (name: string) => `The file ${name} cannot be attached in Teams.`,
  calendarNotAttached: (name: string) =>
    `The calendar file ${name} cannot be attached in Teams. Add the meeting to your calendar with the time and place above.`,
  cannotIdentify:
    "I cannot tell who you are in Teams (no Entra account in the message). Please ask your administrator.",
};

/** English for en-* clients, Swedish otherwise (the same rule as the conversation core's). */
export function teamsTexts(locale: string | undefined): TeamsTexts {
  return locale?.toLowerCase().startsWith("en") ? en : sv;
}
