import { formatLocalDate } from "../domain/local-date.ts";
import type { DraftingTexts } from "./drafting-types.ts";

// The drafts in Swedish, written for this product. The themes follow DOMAIN.md (the person first,
// consent and secrecy, who does what, overall responsibility, follow-up); the wording is our own.
export const draftingTextsSv: DraftingTexts = {
  titles: {
    personsQuestions: "Personens egna frågor",
    introduction: "Inledning",
    situation: "Nuläge",
    needsAndGoals: "Behov och mål",
    efforts: "Insatser och vem som gör vad",
    responsibility: "Huvudansvar",
    carriedForward: "Åtaganden sedan tidigare",
    followUp: "Nästa uppföljning",
  },
  principal: { MUNICIPALITY: "kommunen", REGION: "regionen", OTHER: "övriga" },
  date: (d) => formatLocalDate(d, "sv"),
  commitment: (c, due) =>
    `${c.what} – ${c.owner}${due === null ? "" : `, senast ${due}`}${c.overdue ? " (försenat)" : ""}`,
  agenda: {
    personsQuestions: (f) => [
      `Mötet börjar med det som ${f.ref} själv vill ta upp.`,
      "Finns det något som inte ska tas upp i dag?",
    ],
    introduction: (f) => [
      "Alla presenterar sig och berättar i vilken roll de är med.",
      f.consented
        ? `Samtycket: vad det omfattar${f.hasExclusions ? ", och vad personen har sagt att det inte ska omfatta" : ""}.`
        : "Samtycke är inte registrerat. Fråga om samtycke först. Utan samtycke får uppgifter inte delas mellan huvudmännen.",
      "Sekretess: det som sägs stannar hos dem som behöver veta det för planen.",
      "Syftet med mötet är en gemensam plan för vem som gör vad, och när.",
      "Hur lång tid mötet får ta, och vem som för anteckningar.",
    ],
    situation: (f, efforts) => [
      "Vad fungerar bra i vardagen just nu, och vad fungerar inte?",
      efforts.length > 0 ? `Pågående insatser: ${efforts}.` : "Inga pågående insatser är registrerade.",
      ...(f.withheld
        ? ["Uppgifter från en annan huvudman visas inte utan samtycke. Låt varje part berätta själv."]
        : []),
    ],
    needsAndGoals: (f) => [
      `Vad vill ${f.ref} uppnå? Skriv målen med personens egna ord.`,
      "Vilka behov täcks inte i dag?",
      "Vad klarar personen själv, och vad gör närstående?",
    ],
    efforts: (f, lines) => [
      ...lines.map((l) => `${l}: vad ingår, och vem är kontaktperson?`),
      ...(f.parallel
        ? [
            "Kommunen och regionen ger insatser samtidigt. Hur hänger de ihop? Måste något ske i en viss ordning?",
          ]
        : []),
      ...(f.substanceUse
        ? ["Hur fördelas vården för beroendet mellan socialtjänsten och hälso- och sjukvården?"]
        : []),
      ...(f.inpatient
        ? ["Vad behöver vara klart före utskrivningen, och vem ser till att det blir gjort?"]
        : []),
      "Nya åtaganden: vem gör vad, och till när?",
      "Vad gör andra än huvudmännen, till exempel Försäkringskassan, skolan eller närstående?",
    ],
    responsibility: (_f, holder) =>
      holder === null
        ? ["Ingen huvudman har huvudansvaret än. Bestäm vem som har det."]
        : [`Huvudansvaret ligger hos ${holder}. Är det fortfarande rätt?`],
    carriedForward: (f, lines) =>
      lines.length === 0
        ? ["Det finns inga öppna åtaganden sedan tidigare."]
        : [
            ...lines,
            ...(f.openCommitments.some((c) => c.overdue)
              ? ["Gå igenom de försenade åtagandena först: vad hindrar, och behöver de fördelas om?"]
              : []),
          ],
    followUp: (_f, date) => [
      date === null
        ? "Bestäm ett datum för uppföljning innan mötet avslutas."
        : `Uppföljningen är satt till ${date}. Passar det fortfarande?`,
      "Vem kallar till uppföljningen?",
    ],
  },
  questions: {
    staff: (f) => [
      "Vad behöver du veta om de andra insatserna för att kunna göra ditt arbete bra?",
      ...(f.parallel
        ? [
            "Insatserna hos kommunen och regionen pågår samtidigt. Var överlappar de, och var finns det luckor?",
          ]
        : []),
      ...(f.overallResponsibility === null
        ? ["Ingen har huvudansvaret än. Vem är bäst placerad att hålla ihop planen?"]
        : []),
      ...(f.openCommitments.some((c) => c.overdue)
        ? ["Några åtaganden är försenade. Vad står i vägen, och vem kan ta över?"]
        : []),
      ...(f.followUpDate === null ? ["Vem bevakar att uppföljningen blir av?"] : []),
      ...(f.inpatient ? ["Vad måste finnas på plats före utskrivningen?"] : []),
      ...(f.consented ? [] : ["Vad får du berätta innan samtycket är registrerat, och vad behöver vänta?"]),
      "Har personen fått säga vad som är viktigast, innan vi bestämmer insatserna?",
    ],
    manager: (f) => [
      "Har medarbetarna tid avsatt för SIP-möten och för att följa upp åtagandena?",
      ...(f.overallResponsibility === null
        ? ["Behöver huvudmännen enas på chefsnivå om vem som tar huvudansvaret?"]
        : []),
      ...(f.openCommitments.some((c) => c.overdue)
        ? ["Försenade åtaganden: behövs ett beslut eller mer resurser?"]
        : []),
      ...(f.parallel ? ["Vet båda huvudmännen vem som är kontaktperson hos den andra?"] : []),
      "Finns det något i våra rutiner som gör samarbetet svårare i det här fallet?",
    ],
    person: (f) => [
      "Vad är viktigast för dig just nu?",
      "Vad fungerar bra, och vad vill du ändra på?",
      "Vad vill du klara själv?",
      ...(f.parallel ? ["Känns något rörigt eller dubbelt i kontakterna med kommunen och regionen?"] : []),
      ...(f.openCommitments.length > 0 ? ["Väntar du på något som någon har lovat att göra?"] : []),
      "Vem vill du ska vara din kontaktperson?",
      "Finns det något du inte vill att vi pratar om?",
    ],
    relatives: (f) => [
      "Hur ser du på situationen just nu?",
      "Vad gör du i dag för att stötta, och orkar du fortsätta med det?",
      "Vad behöver du själv för stöd?",
      ...(f.child ? ["Hur kan skolan, vården och socialtjänsten samarbeta bättre kring barnet?"] : []),
      "Vem kontaktar du om något händer mellan mötena?",
    ],
  },
  roleTitle: {
    staff: "Frågor till personalen",
    manager: "Frågor till chefer",
    person: "Frågor till personen",
    relatives: "Frågor till närstående",
  },
  summary: {
    intro: (ref) => `Det här är din plan (${ref}). Den visar vem som gör vad för dig, och när.`,
    efforts: (list) => `Du får de här insatserna: ${list}.`,
    noEfforts: "Inga insatser är registrerade än.",
    commitments: "Det här ska göras:",
    commitmentLine: (what, owner, due) =>
      `${what}. Det gör ${owner}${due === null ? "" : `, senast ${due}`}.`,
    responsibility: (holder) =>
      holder === null
        ? "Det är inte bestämt än vem som håller ihop planen."
        : `Det är ${holder} som håller ihop planen.`,
    followUp: (date) =>
      date === null ? "Datum för nästa genomgång är inte bestämt än." : `Vi går igenom planen igen ${date}.`,
    rights:
      "Planen är din. Du kan ändra den, säga nej till den och ta tillbaka ditt samtycke när du vill. Du kan få planen på papper.",
  },
};
