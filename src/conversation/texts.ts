import type { Principal } from "../domain/principal.ts";
import type { SipState } from "../domain/sip-lifecycle.ts";

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
}
