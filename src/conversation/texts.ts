import type { Principal } from "../domain/principal.ts";
import type { SipState } from "../domain/sip-lifecycle.ts";
import type { DraftingChatTexts } from "./drafting-texts.ts";
import type { SchedulingTexts } from "./scheduling-texts.ts";

// Everything a user reads, in Swedish first and English second. Domain words follow DOMAIN.md's glossary
// (insats, huvudman, samtycke, åtagande, uppföljning, huvudansvar).
export interface Texts {
  principal: Record<Principal, string>;
  principalDefinite: Record<Principal, string>;
  sipState: Record<SipState, string>;
  yes: string;
  no: string;
  // help
  helpTitle: string;
  helpLines: string[];
  // general problems
  notUnderstood: string;
  tooLong: (max: number) => string;
  missingRef: (cmd: string) => string;
  badRef: (given: string) => string;
  missingArgument: (cmd: string) => string;
  badDate: (given: string) => string;
  badNumber: (cmd: string) => string;
  personNotFound: (ref: string) => string;
  unexpected: string;
  // personnummer
  personnummerWarning: string;
  personnummerInGroup: string;
  // first contact
  unknownUser: string;
  registerTitle: string;
  registerName: string;
  registerHandle: string;
  registerUnit: string;
  registerSubmit: string;
  registered: (name: string, unit: string) => string;
  registeredPending: (name: string, unit: string) => string;
  awaitingApproval: string;
  registerProblem: Record<
    "badHandle" | "handleTaken" | "badName" | "unknownUnit" | "alreadyRegistered",
    string
  >;
  // persons and efforts
  personCreated: (ref: string) => string;
  personForIdentifier: (ref: string) => string;
  identifierNotStored: string;
  effortRegistered: (ref: string, effort: string, principal: string) => string;
  effortEnded: (ref: string, effort: string, date: string) => string;
  unknownEffort: (given: string) => string;
  principalUnclear: (effort: string) => string;
  alreadyRegistered: (effort: string) => string;
  noActiveEffort: (effort: string) => string;
  // suggestions
  suggestion: (ref: string, other: string | null) => string;
  suggestionDischarge: (ref: string) => string;
  suggestionStrict: (ref: string) => string;
  startButton: string;
  dismissButton: string;
  dismissTitle: string;
  dismissReason: string;
  dismissSubmit: string;
  dismissed: (ref: string) => string;
  noSuggestion: (ref: string) => string;
  emptyReason: string;
  // SIP
  sipStarted: (ref: string, state: string) => string;
  sipStartedBy: (ref: string, name: string) => string;
  sipAlreadyActive: (state: string) => string;
  noActiveSip: (ref: string) => string;
  notConsented: (ref: string) => string;
  notAllowed: string;
  illegalTransition: (from: string, to: string) => string;
  changedMeanwhile: string;
  leadSet: (ref: string, principal: string) => string;
  followUpSet: (ref: string, date: string) => string;
  dateInPast: (date: string) => string;
  // consent
  consentFormTitle: (ref: string) => string;
  consentPrincipals: string;
  consentValidTo: string;
  consentParties: string;
  consentExclusions: string;
  consentGivenBy: string;
  givenBy: Record<"PERSON" | "GUARDIAN" | "LEGAL_REPRESENTATIVE", string>;
  consentSubmit: string;
  consentRecorded: (ref: string, principals: string, validTo: string) => string;
  consentMovedSip: string;
  consentExcludes: (efforts: string) => string;
  consentExclusionUnrecognised: string;
  consentProblem: Record<
    "tooFewPrincipals" | "endsBeforeStart" | "tooLong" | "textTooLong" | "notInvolved" | "nothingToWithdraw",
    string
  >;
  consentWithdrawn: (ref: string) => string;
  consentWithdrawnNotice: (ref: string) => string;
  // commitments
  commitmentLogged: (n: number, ref: string, owner: string, what: string, due: string | null) => string;
  commitmentAssigned: (n: number, ref: string, what: string, due: string | null, by: string) => string;
  commitmentDone: (n: number) => string;
  doneButton: string;
  commitmentProblem: Record<
    | "unknownOwner"
    | "ownerNotCovered"
    | "commitmentNotFound"
    | "emptyText"
    | "textTooLong"
    | "dueInPast"
    | "alreadyDone"
    | "cancelled"
    | "notYours",
    string
  >;
  mineTitle: string;
  mineEmpty: string;
  due: (date: string) => string;
  overdue: string;
  noDue: string;
  // who is responsible
  whoTitle: (ref: string) => string;
  whoState: (state: string) => string;
  whoNoSip: string;
  whoOverall: (principal: string | null) => string;
  whoFollowUp: (date: string | null) => string;
  whoEfforts: string;
  whoCommitments: string;
  whoNothing: string;
  whoWithheld: string;
  whoExclusions: (list: string) => string;
  whoMissing: Record<"noEfforts" | "noOverallResponsibility" | "noFollowUpDate", string>;
  statusDone: string;
  // scheduling: availability poll, booking, kallelse (src/conversation/scheduling-texts.ts)
  scheduling: SchedulingTexts;
  // drafting: agenda, reflection questions, proposals from free text (src/conversation/drafting-texts.ts)
  drafting: DraftingChatTexts;
  // ---- follow-through: reminders, the weekly digest, the person's plan ----
  ft: FollowThroughTexts;
}

/** Follow-through texts (reminders, snooze/reassign, the weekly digest, the person's plan). */
export interface FollowThroughTexts {
  reminder: Record<
    "before" | "due" | "snoozed",
    (n: number, ref: string, what: string, due: string) => string
  >;
  overdueOwner: (n: number, ref: string, what: string, due: string) => string;
  overdueCoordinator: (n: number, ref: string, what: string, due: string, owner: string | null) => string;
  ownerChangedOld: (n: number, ref: string, what: string, to: string, by: string) => string;
  ownerChangedNew: (n: number, ref: string, what: string, due: string | null, by: string) => string;
  dueChanged: (n: number, ref: string, what: string, from: string | null, to: string, by: string) => string;
  followUp: (ref: string, date: string) => string;
  followUpOpen: string;
  followUpNone: string;
  followUpOther: (n: number, principal: string, due: string | null) => string;
  snoozeButton: string;
  reassignButton: string;
  reassignTitle: string;
  reassignHandle: string;
  reassignSubmit: string;
  snoozed: (n: number, date: string) => string;
  reassigned: (n: number, name: string) => string;
  dueMoved: (n: number, date: string) => string;
  problem: Record<
    | "snoozeInPast"
    | "snoozeTooFar"
    | "otherPrincipal"
    | "sameOwner"
    | "notStaff"
    | "notManager"
    | "unknownUnit"
    | "notYourUnit"
    | "badWeek"
    | "planNotAllowed"
    | "emptyGoal"
    | "goalTooLong"
    | "tooManyGoals",
    string
  >;
  digestTitle: (unit: string, week: number, from: string, to: string) => string;
  digestPrincipalTotal: (principal: string) => string;
  figure: Record<
    | "sipsSuggested"
    | "sipsConsented"
    | "sipsScheduled"
    | "sipsHeld"
    | "sipsFollowedUp"
    | "sipsClosed"
    | "sipsDeclined"
    | "sipsWithdrawn"
    | "sipsActive"
    | "commitmentsOpen"
    | "commitmentsDone"
    | "commitmentsOverdue"
    | "bothPrincipalsNoSip"
    | "pollsWithoutAnswers",
    string
  >;
  trendAgainst: (mean: string) => string;
  medianToMeeting: (days: string | null) => string;
  medianToFollowUp: (days: string | null) => string;
  overdueTitle: string;
  overdueLine: (n: number, ref: string, due: string, days: number) => string;
  overdueNone: string;
  bothRefs: (refs: string) => string;
  chartTitle: (unit: string, fromWeek: number, toWeek: number) => string;
  chartSeries: Record<"active" | "held" | "overdue", string>;
  chartAlt: (unit: string, lines: string) => string;
  digestNoUnits: string;
  planReady: (ref: string) => string;
  goalAdded: (ref: string, count: number) => string;
  plan: PlanTexts;
}

/** The person's plan, in plain words for the person (not for staff). */
export interface PlanTexts {
  title: string;
  intro: (ref: string) => string;
  printedOn: (date: string) => string;
  goalsTitle: string;
  goalsNone: string;
  effortsTitle: string;
  effortsBy: Record<"MUNICIPALITY" | "REGION", string>;
  effortsNone: string;
  whoTitle: string;
  whoColumns: [string, string, string, string];
  whoNone: string;
  doneMark: string;
  noDate: string;
  overallTitle: string;
  overall: (principal: string | null) => string;
  contactsTitle: string;
  contactsNone: string;
  followUpTitle: string;
  followUp: (date: string | null) => string;
  rightsTitle: string;
  rights: string[];
  principalName: Record<"MUNICIPALITY" | "REGION" | "OTHER", string>;
}
