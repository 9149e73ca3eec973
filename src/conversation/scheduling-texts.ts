import { KNOWN_LABELS } from "../domain/poll.ts";

// The scheduling step's texts (availability poll, booking, kallelse), Swedish first, English second. Kept in
// one block that texts.ts names as `scheduling`. Every function takes strings and numbers only.

export interface SchedulingTexts {
  /** The language these texts are in, for dates inside failure sentences. */
  locale: "sv" | "en";
  /** Role labels accepted for participants who are not chat users. */
  knownLabels: string;
  notConfigured: string;
  answers: Record<"YES" | "IF_NEED_BE" | "NO", string>;
  findTimeButton: string;
  formTitle: (ref: string) => string;
  formRequired: string;
  formOptional: string;
  formMinutes: string;
  minutesOption: (n: number) => string;
  formPlace: string;
  formFrom: string;
  formDeadline: string;
  formTimes: string;
  formSubmit: string;
  pollOpened: (ref: string, count: number, closes: string) => string;
  limitNote: (date: string) => string;
  limitPassed: string;
  pollTitle: (ref: string) => string;
  pollMeta: (place: string, minutes: number, closes: string) => string;
  slotLine: (n: number, when: string, yes: number, maybe: number, no: number, open: number) => string;
  yourAnswer: (answer: string) => string;
  yourNote: (note: string) => string;
  answerButton: (n: number, answer: string) => string;
  answerFormButton: string;
  answerFormTitle: string;
  answerFormNote: string;
  answerFormSubmit: string;
  slotField: (n: number, when: string) => string;
  proxyButton: (label: string) => string;
  proxyFormTitle: (label: string) => string;
  waitingFor: (names: string) => string;
  bestSoFar: (n: number, when: string) => string;
  bookButton: (n: number) => string;
  newTimesButton: string;
  showButton: string;
  noTimeWorks: string;
  blockedLine: (n: number, when: string, no: string, missing: string) => string;
  answerRecorded: string;
  answerUnchanged: string;
  proxyRecorded: (label: string) => string;
  allAnswered: (ref: string) => string;
  invitation: (ref: string, by: string, closes: string) => string;
  reminder: (ref: string, closes: string) => string;
  proxyReminder: (ref: string, labels: string, closes: string) => string;
  pollClosedChosen: (ref: string, n: number, when: string) => string;
  pollClosedNone: (ref: string) => string;
  booked: (ref: string, when: string, place: string) => string;
  rescheduled: (ref: string, when: string, place: string) => string;
  bookedAgainst: (names: string) => string;
  outsideIntro: (labels: string) => string;
  invitationReceived: (ref: string, when: string, place: string, by: string) => string;
  rescheduledReceived: (ref: string, when: string, place: string, by: string) => string;
  cancelled: (ref: string) => string;
  cancelledReceived: (ref: string, when: string, by: string) => string;
  noPollYet: (ref: string) => string;
  meetingInfo: (when: string, place: string) => string;
  problem: {
    notConfigured: string;
    pollOpen: string;
    noPoll: string;
    pollClosed: string;
    notParticipant: string;
    badSlot: string;
    noteTooLong: string;
    noMeeting: string;
    tooManyParticipants: string;
    tooManySlots: string;
    badDuration: string;
    emptyPlace: string;
    placeTooLong: string;
    unknownParticipant: (name: string) => string;
    unknownLabel: (given: string, known: string) => string;
    participantNotCovered: (name: string) => string;
    badTime: (given: string) => string;
    inPast: (date: string) => string;
    weekend: (date: string) => string;
    holiday: (date: string) => string;
    outsideHours: (date: string, from: string, to: string) => string;
    afterLimit: (date: string, limit: string) => string;
    deadlineInPast: (date: string) => string;
    deadlineAfterLimit: (date: string, limit: string) => string;
    slotBeforeDeadline: (date: string) => string;
    noCandidates: string;
  };
}

export const schedulingSv: SchedulingTexts = {
  locale: "sv",
  knownLabels: KNOWN_LABELS.join(", "),
  notConfigured: "Tidsbokning är inte konfigurerad här.",
  answers: { YES: "Ja", IF_NEED_BE: "Om det behövs", NO: "Nej" },
  findTimeButton: "Hitta en tid för mötet",
  formTitle: (ref) => `Hitta en tid för SIP-mötet – ${ref}`,
  formRequired: "Måste kunna (t.ex. @bo, personen själv, närstående)",
  formOptional: "Gärna med (t.ex. @david, Försäkringskassan)",
  formMinutes: "Mötets längd",
  minutesOption: (n) => `${n} minuter`,
  formPlace: "Plats eller videolänk",
  formFrom: "Tidigaste dag för mötet",
  formDeadline: "Svar senast",
  formTimes: "Egna tider i stället för förslag (t.ex. 2026-12-01 09:00, 2026-12-02 13:00)",
  formSubmit: "Skicka tidsförslagen",
  pollOpened: (ref, count, closes) =>
    `Tidsförslagen för SIP-mötet om ${ref} är skickade: ${count} ${count === 1 ? "tid" : "tider"}, svar senast ${closes}. Du får besked när alla har svarat.`,
  limitNote: (date) => `Regionens tidsgräns: mötet ska hållas senast ${date}.`,
  limitPassed: "Tidsgränsen för det första mötet har redan passerat. Boka så snart det går.",
  pollTitle: (ref) => `Tider för SIP-mötet – ${ref}`,
  pollMeta: (place, minutes, closes) => `${place} · ${minutes} minuter · svar senast ${closes}`,
  slotLine: (n, when, yes, maybe, no, open) =>
    `${n}. ${when} – ja ${yes}, om det behövs ${maybe}, nej ${no}, ej svarat ${open}`,
  yourAnswer: (answer) => `ditt svar: ${answer}`,
  yourNote: (note) => `Din privata anteckning (syns bara för dig): ${note}`,
  answerButton: (n, answer) => `${n}: ${answer}`,
  answerFormButton: "Svara med formulär (med anteckning)",
  answerFormTitle: "Ditt svar",
  answerFormNote: "Privat anteckning (syns bara för dig)",
  answerFormSubmit: "Spara svaret",
  slotField: (n, when) => `${n}. ${when}`,
  proxyButton: (label) => `Registrera svar för ${label}`,
  proxyFormTitle: (label) => `Svar från ${label}`,
  waitingFor: (names) => `Väntar på svar från: ${names}`,
  bestSoFar: (n, when) => `Bäst hittills enligt reglerna: tid ${n}, ${when}.`,
  bookButton: (n) => `Boka tid ${n}`,
  newTimesButton: "Föreslå nya tider",
  showButton: "Visa svaren",
  noTimeWorks: "Ingen tid passar alla som måste vara med:",
  blockedLine: (n, when, no, missing) =>
    `${n}. ${when}: ${no ? `nej från ${no}` : ""}${no && missing ? "; " : ""}${missing ? `inte svarat: ${missing}` : ""}`,
  answerRecorded: "Tack! Ditt svar är sparat. Du kan ändra det tills svarstiden är ute.",
  answerUnchanged: "Det svaret var redan registrerat, så inget ändrades.",
  proxyRecorded: (label) => `Svaren från ${label} är registrerade.`,
  allAnswered: (ref) => `Alla har svarat på tidsförslagen för SIP-mötet om ${ref}.`,
  invitation: (ref, by, closes) =>
    `${by} söker en tid för ett SIP-möte om ${ref}. Svara per tid, senast ${closes}:`,
  reminder: (ref, closes) =>
    `Påminnelse: du har inte svarat på alla tidsförslag för SIP-mötet om ${ref}. Svara senast ${closes}.`,
  proxyReminder: (ref, labels, closes) =>
    `Påminnelse: svaren från ${labels} saknas för SIP-mötet om ${ref}. Registrera dem senast ${closes}.`,
  pollClosedChosen: (ref, n, when) =>
    `Svarstiden för SIP-mötet om ${ref} är ute. Enligt reglerna passar tid ${n} bäst: ${when}. Bekräfta med knappen – jag bokar ingenting själv.`,
  pollClosedNone: (ref) =>
    `Svarstiden för SIP-mötet om ${ref} är ute, och ingen tid passar alla som måste vara med.`,
  booked: (ref, when, place) =>
    `SIP-mötet om ${ref} är bokat: ${when}, ${place}. Kallelsen med kalenderfil har gått till deltagarna som använder SIP-assistenten.`,
  rescheduled: (ref, when, place) =>
    `SIP-mötet om ${ref} är ombokat till ${when}, ${place}. Alla deltagare har fått den nya tiden.`,
  bookedAgainst: (names) => `Observera: ${names} har svarat nej till den tiden.`,
  outsideIntro: (labels) => `Skicka texten nedan och kalenderfilen till ${labels}:`,
  invitationReceived: (ref, when, place, by) =>
    `Kallelse till SIP-möte om ${ref}: ${when}, ${place}. Från ${by}. Kalenderfilen är bifogad.`,
  rescheduledReceived: (ref, when, place, by) =>
    `Ny tid för SIP-mötet om ${ref}: ${when}, ${place}. Från ${by}. Den uppdaterade kalenderfilen är bifogad.`,
  cancelled: (ref) =>
    `SIP-mötet om ${ref} är avbokat. Deltagarna har fått avbokningen. Sök en ny tid med \`sip tider ${ref}\`.`,
  cancelledReceived: (ref, when, by) =>
    `SIP-mötet om ${ref} ${when} är avbokat av ${by}. Avbokningen för kalendern är bifogad.`,
  noPollYet: (ref) =>
    `Ingen tid söks just nu för ${ref}. Den som leder SIP:en startar med \`sip tider ${ref}\`.`,
  meetingInfo: (when, place) => `Bokat möte: ${when}, ${place}.`,
  problem: {
    notConfigured: "Tidsbokning är inte konfigurerad här.",
    pollOpen: "Det finns redan tidsförslag ute. Se dem med `sip tider <referens>`.",
    noPoll: "Jag hittar inga tidsförslag att svara på.",
    pollClosed: "Svarstiden är ute, så svaret kan inte ändras längre. Inget har sparats.",
    notParticipant: "Du är inte med bland deltagarna i den här omröstningen.",
    badSlot: "Den tiden finns inte bland förslagen.",
    noteTooLong: "Anteckningen är för lång (högst 300 tecken). Inget har sparats.",
    noMeeting: "Det finns inget bokat möte att avboka.",
    tooManyParticipants: "Högst 30 deltagare i ett SIP-möte.",
    tooManySlots: "Högst 12 egna tider åt gången.",
    badDuration: "Mötets längd ska vara mellan 15 minuter och 8 timmar.",
    emptyPlace: "Ange plats eller videolänk.",
    placeTooLong: "Platsen är för lång (högst 300 tecken).",
    unknownParticipant: (name) => `Jag hittar ingen godkänd användare ${name}. Inget har sparats.`,
    unknownLabel: (given, known) =>
      `"${given}" känner jag inte igen. Ange personal som @kortnamn och övriga med roll, inte namn: ${known}.`,
    participantNotCovered: (name) =>
      `${name} hör till en annan huvudman eller organisation som personens samtycke inte omfattar. Inget har sparats.`,
    badTime: (given) => `Jag kan inte tolka "${given}" som en tid. Skriv till exempel 2026-12-01 09:00.`,
    inPast: (date) => `${date} har redan varit. Välj en senare tid.`,
    weekend: (date) => `${date} är en helgdag (lördag eller söndag). Välj en vardag.`,
    holiday: (date) => `${date} är en helgdag. Välj en annan dag.`,
    outsideHours: (date, from, to) => `Tiden ${date} ligger utanför arbetstid (${from}–${to}).`,
    afterLimit: (date, limit) => `${date} är efter regionens tidsgräns: mötet ska hållas senast ${limit}.`,
    deadlineInPast: (date) => `Svarsdagen ${date} har redan varit.`,
    deadlineAfterLimit: (date, limit) =>
      `Svarsdagen ${date} är för sen: mötet ska hållas senast ${limit}, så svaren behövs före det.`,
    slotBeforeDeadline: (date) =>
      `Svarsdagen ${date} är efter den första föreslagna tiden. Välj en tidigare svarsdag.`,
    noCandidates:
      "Jag hittar inga lediga vardagstider inom gränsen. Ange egna tider eller en tidigare svarsdag.",
  },
};

export const schedulingEn: SchedulingTexts = {
  locale: "en",
  knownLabels: `${KNOWN_LABELS.join(", ")} (in Swedish)`,
  notConfigured: "Scheduling is not set up here.",
  answers: { YES: "Yes", IF_NEED_BE: "If need be", NO: "No" },
  findTimeButton: "Find a time for the meeting",
  formTitle: (ref) => `Find a time for the SIP meeting – ${ref}`,
  formRequired: "Must attend (e.g. @bo, the person, relatives)",
  formOptional: "Welcome to attend (e.g. @david, Försäkringskassan)",
  formMinutes: "Length of the meeting",
  minutesOption: (n) => `${n} minutes`,
  formPlace: "Place or video link",
  formFrom: "Earliest day for the meeting",
  formDeadline: "Answer by",
  formTimes: "Your own times instead of proposals (e.g. 2026-12-01 09:00, 2026-12-02 13:00)",
  formSubmit: "Send the times",
  pollOpened: (ref, count, closes) =>
    `The times for the SIP meeting about ${ref} are out: ${count} ${count === 1 ? "time" : "times"}, answers by ${closes}. You will hear when everyone has answered.`,
  limitNote: (date) => `The region's time limit: the meeting is to be held by ${date}.`,
  limitPassed: "The time limit for the first meeting has already passed. Book as soon as you can.",
  pollTitle: (ref) => `Times for the SIP meeting – ${ref}`,
  pollMeta: (place, minutes, closes) => `${place} · ${minutes} minutes · answer by ${closes}`,
  slotLine: (n, when, yes, maybe, no, open) =>
    `${n}. ${when} – yes ${yes}, if need be ${maybe}, no ${no}, not answered ${open}`,
  yourAnswer: (answer) => `your answer: ${answer}`,
  yourNote: (note) => `Your private note (only you see it): ${note}`,
  answerButton: (n, answer) => `${n}: ${answer}`,
  answerFormButton: "Answer with a form (with a note)",
  answerFormTitle: "Your answer",
  answerFormNote: "Private note (only you see it)",
  answerFormSubmit: "Save the answer",
  slotField: (n, when) => `${n}. ${when}`,
  proxyButton: (label) => `Record answers for ${label}`,
  proxyFormTitle: (label) => `Answers from ${label}`,
  waitingFor: (names) => `Waiting for answers from: ${names}`,
  bestSoFar: (n, when) => `Best so far by the rules: time ${n}, ${when}.`,
  bookButton: (n) => `Book time ${n}`,
  newTimesButton: "Propose new times",
  showButton: "Show the answers",
  noTimeWorks: "No time suits everyone who must attend:",
  blockedLine: (n, when, no, missing) =>
    `${n}. ${when}: ${no ? `no from ${no}` : ""}${no && missing ? "; " : ""}${missing ? `not answered: ${missing}` : ""}`,
  answerRecorded: "Thank you! Your answer is saved. You can change it until the poll closes.",
  answerUnchanged: "That answer was already recorded, so nothing changed.",
  proxyRecorded: (label) => `The answers from ${label} are recorded.`,
  allAnswered: (ref) => `Everyone has answered the proposed times for the SIP meeting about ${ref}.`,
  invitation: (ref, by, closes) =>
    `${by} is looking for a time for a SIP meeting about ${ref}. Answer per time by ${closes}:`,
  reminder: (ref, closes) =>
    `Reminder: you have not answered every proposed time for the SIP meeting about ${ref}. Answer by ${closes}.`,
  proxyReminder: (ref, labels, closes) =>
    `Reminder: the answers from ${labels} are missing for the SIP meeting about ${ref}. Record them by ${closes}.`,
  pollClosedChosen: (ref, n, when) =>
    `The poll for the SIP meeting about ${ref} has closed. By the rules, time ${n} suits best: ${when}. Confirm with the button – I book nothing myself.`,
  pollClosedNone: (ref) =>
    `The poll for the SIP meeting about ${ref} has closed, and no time suits everyone who must attend.`,
  booked: (ref, when, place) =>
    `The SIP meeting about ${ref} is booked: ${when}, ${place}. The invitation with a calendar file has gone to the participants who use the SIP assistant.`,
  rescheduled: (ref, when, place) =>
    `The SIP meeting about ${ref} is moved to ${when}, ${place}. Every participant has the new time.`,
  bookedAgainst: (names) => `Note: ${names} answered no to that time.`,
  outsideIntro: (labels) => `Send the text below (in plain Swedish) and the calendar file to ${labels}:`,
  invitationReceived: (ref, when, place, by) =>
    `Invitation to a SIP meeting about ${ref}: ${when}, ${place}. From ${by}. The calendar file is attached.`,
  rescheduledReceived: (ref, when, place, by) =>
    `New time for the SIP meeting about ${ref}: ${when}, ${place}. From ${by}. The updated calendar file is attached.`,
  cancelled: (ref) =>
    `The SIP meeting about ${ref} is cancelled. The participants have the cancellation. Find a new time with \`sip times ${ref}\`.`,
  cancelledReceived: (ref, when, by) =>
    `The SIP meeting about ${ref} on ${when} is cancelled by ${by}. The calendar cancellation is attached.`,
  noPollYet: (ref) =>
    `No time is being looked for for ${ref}. Whoever leads the SIP starts with \`sip times ${ref}\`.`,
  meetingInfo: (when, place) => `Booked meeting: ${when}, ${place}.`,
  problem: {
    notConfigured: "Scheduling is not set up here.",
    pollOpen: "Times are already out. See them with `sip times <reference>`.",
    noPoll: "I find no proposed times to answer.",
    pollClosed: "The poll has closed, so answers can no longer change. Nothing was saved.",
    notParticipant: "You are not among the participants of this poll.",
    badSlot: "That time is not among the proposals.",
    noteTooLong: "The note is too long (at most 300 characters). Nothing was saved.",
    noMeeting: "There is no booked meeting to cancel.",
    tooManyParticipants: "At most 30 participants in a SIP meeting.",
    tooManySlots: "At most 12 times of your own at once.",
    badDuration: "The meeting's length must be between 15 minutes and 8 hours.",
    emptyPlace: "Give a place or a video link.",
    placeTooLong: "The place is too long (at most 300 characters).",
    unknownParticipant: (name) => `I find no approved user ${name}. Nothing was saved.`,
    unknownLabel: (given, known) =>
      `I do not recognise "${given}". Give staff as @handle and others by role, not by name: ${known}.`,
    participantNotCovered: (name) =>
      `${name} belongs to another principal or organisation that the person's consent does not cover. Nothing was saved.`,
    badTime: (given) => `I cannot read "${given}" as a time. Write, for example, 2026-12-01 09:00.`,
    inPast: (date) => `${date} has already passed. Choose a later time.`,
    weekend: (date) => `${date} is a weekend day. Choose a weekday.`,
    holiday: (date) => `${date} is a public holiday. Choose another day.`,
    outsideHours: (date, from, to) => `The time on ${date} is outside working hours (${from}–${to}).`,
    afterLimit: (date, limit) =>
      `${date} is after the region's time limit: the meeting is to be held by ${limit}.`,
    deadlineInPast: (date) => `The answer date ${date} has already passed.`,
    deadlineAfterLimit: (date, limit) =>
      `The answer date ${date} is too late: the meeting is to be held by ${limit}, so the answers are needed before that.`,
    slotBeforeDeadline: (date) =>
      `The answer date ${date} is after the first proposed time. Choose an earlier answer date.`,
    noCandidates:
      "I find no free weekday times within the limit. Give your own times or an earlier answer date.",
  },
};

/**
 * The invitation for those who do not use the bot (the person, relatives, others), always in plain
 * Swedish: short sentences, the time written out, what the meeting is for, and whom to call.
 */
export function plainInvitation(
  when: string,
  place: string,
  by: string,
  unit: string | null,
  agenda: string | null = null,
): string {
  return [
    "Kallelse till SIP-möte",
    "",
    "Du är välkommen till ett möte om din samordnade individuella plan, SIP.",
    "På mötet pratar vi om det som är viktigt för dig. Vi bestämmer tillsammans vem som gör vad.",
    "",
    `När: ${when}`,
    `Var: ${place}`,
    "",
    // The accepted agenda (drafting-agenda.ts), or a plain note that there is none yet.
    ...(agenda === null ? ["Dagordning saknas än."] : ["Dagordning:", agenda]),
    "",
    "Du får gärna ta med någon du litar på.",
    `Om tiden inte passar, hör av dig till ${by}${unit ? `, ${unit}` : ""}.`,
  ].join("\n");
}

export function plainCancellation(when: string, by: string): string {
  return [
    "SIP-mötet är inställt",
    "",
    `Mötet ${when} blir inte av. Du får en ny tid så snart vi har hittat en.`,
    `Har du frågor, hör av dig till ${by}.`,
  ].join("\n");
}
