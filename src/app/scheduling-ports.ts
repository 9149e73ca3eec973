import type { LocalDate } from "../domain/local-date.ts";
import type { Answer, ExternalKind } from "../domain/poll.ts";
import type { Principal } from "../domain/principal.ts";
import type { SipState } from "../domain/sip-lifecycle.ts";
import type { WorkingHours } from "../domain/slots.ts";

// What the scheduling use cases need from outside: the poll store, Swedish public holidays and an
// iCalendar writer. src/store and src/calendar implement them; the app never sees Prisma, date-holidays
// or ical-generator.

export type PollStatus = "OPEN" | "CLOSED" | "BOOKED" | "REPLACED" | "CANCELLED";
export type ParticipantKind = "STAFF" | ExternalKind;

export interface PollSlotRecord {
  id: string;
  position: number;
  start: Date;
  end: Date;
}

export interface PollParticipantRecord {
  id: string;
  position: number;
  staffId: string | null;
  /** Display name for staff; the role label for everyone else. */
  name: string;
  label: string | null;
  kind: ParticipantKind;
  principal: Principal;
  required: boolean;
  note: string | null;
}

export interface PollVoteRecord {
  slotId: string;
  participantId: string;
  answer: Answer;
  recordedById: string;
}

export interface PollRecord {
  id: string;
  sipId: string;
  personRef: string;
  sipState: SipState;
  createdById: string;
  status: PollStatus;
  durationMinutes: number;
  place: string;
  closesAt: Date;
  limitDate: LocalDate | null;
  createdAt: Date;
  slots: PollSlotRecord[];
  participants: PollParticipantRecord[];
  votes: PollVoteRecord[];
}

export interface NewPollParticipant {
  staffId: string | null;
  label: string | null;
  kind: ParticipantKind;
  principal: Principal;
  required: boolean;
}

export interface NewPoll {
  sipId: string;
  createdById: string;
  durationMinutes: number;
  place: string;
  closesAt: Date;
  limitDate: LocalDate | null;
  slots: { start: Date; end: Date }[];
  participants: NewPollParticipant[];
}

export interface MeetingRecord {
  id: string;
  sipId: string;
  pollId: string | null;
  uid: string;
  sequence: number;
  status: "BOOKED" | "CANCELLED";
  start: Date;
  end: Date;
  place: string;
  bookedById: string;
}

/** An agenda a person accepted for the SIP meeting; it goes with the invitation (kallelse). */
export interface AgendaRecord {
  id: string;
  sipId: string;
  version: number;
  text: string;
  /** Where the draft came from. */
  source: "template" | "model";
  /** The accepted text differs from the draft that was shown. */
  edited: boolean;
  acceptedById: string;
  acceptedAt: Date;
}

export interface SchedulingStore {
  createPoll(p: NewPoll): Promise<PollRecord>;
  getPoll(id: string): Promise<PollRecord | null>;
  /** The SIP's newest poll that is open or closed and not yet booked, if any. */
  currentPoll(sipId: string): Promise<PollRecord | null>;
  /** Open polls (for reminders), or open polls whose deadline has passed (for closing). */
  listOpenPolls(dueBy?: Date): Promise<PollRecord[]>;
  /** Moves a poll on only from one of `from`; false when another process moved it first. */
  setPollStatus(id: string, from: readonly PollStatus[], to: PollStatus, at: Date): Promise<boolean>;
  /** Records answers (one per time; a repeat replaces); returns how many differed from what was stored. */
  setVotes(
    participantId: string,
    answers: readonly { slotId: string; answer: Answer }[],
    recordedById: string,
    at: Date,
  ): Promise<number>;
  setParticipantNote(participantId: string, note: string | null): Promise<void>;
  /** When the SIP's consent was recorded (the region's time limit counts from it). */
  sipConsentedAt(sipId: string): Promise<Date | null>;
  /** The SIP's meeting that is booked, or else the latest one. */
  currentMeeting(sipId: string): Promise<MeetingRecord | null>;
  createMeeting(m: Omit<MeetingRecord, "id" | "uid" | "sequence" | "status">): Promise<MeetingRecord>;
  /** Changes a meeting if its sequence is still `expectedSequence`; null when someone changed it first. */
  updateMeeting(
    id: string,
    expectedSequence: number,
    change: Partial<Pick<MeetingRecord, "pollId" | "start" | "end" | "place" | "status" | "bookedById">>,
  ): Promise<MeetingRecord | null>;
  /** Stores an accepted agenda as the SIP's next version: the newest supersedes the older ones. */
  addAgenda(a: Omit<AgendaRecord, "id" | "version">): Promise<AgendaRecord>;
  /** The SIP's newest accepted agenda, or null when none was accepted. */
  currentAgenda(sipId: string): Promise<AgendaRecord | null>;
}

/** Swedish public holidays, and the eves offices close on. */
export interface HolidayCalendar {
  holidayName(date: LocalDate): string | null;
}

export interface CalendarAttendee {
  name: string;
  /** A stable, non-mail identifier; staff e-mail addresses are not known to the bot. */
  key: string;
  required: boolean;
}

export interface CalendarEvent {
  uid: string;
  sequence: number;
  method: "REQUEST" | "CANCEL";
  start: Date;
  end: Date;
  summary: string;
  description: string;
  location: string;
  organizer: CalendarAttendee;
  attendees: CalendarAttendee[];
  /** When this version of the event was made (DTSTAMP). */
  stamp: Date;
}

/** Writes one event as an iCalendar (.ics) text. */
export interface CalendarWriter {
  write(event: CalendarEvent): string;
}

export interface SchedulingSettings {
  /** The region's limit: the first meeting within this many days of consent (DOMAIN.md). */
  meetingLimitDays: number;
  /** At discharge from inpatient care: the meeting within this many days of utskrivningsklar (DOMAIN.md). */
  dischargeLimitDays: number;
  workingHours: WorkingHours;
  meetingMinutes: number;
  /** Preferred start times for proposed meetings, tried in turn. */
  slotStartTimes: string[];
  candidateCount: number;
  /** Default time to answer, in days. */
  answerDays: number;
  /** Reminders this many hours before the answer deadline. */
  reminderHours: number[];
}

export const DEFAULT_SCHEDULING_SETTINGS: SchedulingSettings = {
  meetingLimitDays: 21,
  dischargeLimitDays: 3,
  workingHours: { start: "08:00", end: "16:30" },
  meetingMinutes: 60,
  slotStartTimes: ["09:00", "13:00", "10:30", "14:30"],
  candidateCount: 6,
  answerDays: 3,
  reminderHours: [48, 4],
};

export interface SchedulingDeps {
  holidays: HolidayCalendar;
  calendar: CalendarWriter;
  settings: SchedulingSettings;
}
