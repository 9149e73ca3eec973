import type { SchedulingDeps } from "../app/scheduling-ports.ts";
import type { Config } from "../config.ts";
import { IcsCalendarWriter } from "./ics.ts";
import { SwedishHolidays } from "./swedish-holidays.ts";

/** The scheduling step's ports and rules, from the validated configuration. */
export function schedulingFromConfig(config: Config): SchedulingDeps {
  const [start = "08:00", end = "16:30"] = config.SIP_WORKING_HOURS.split("-");
  return {
    holidays: new SwedishHolidays(),
    calendar: new IcsCalendarWriter(),
    settings: {
      meetingLimitDays: config.SIP_MEETING_DEADLINE_DAYS,
      dischargeLimitDays: config.SIP_DISCHARGE_DEADLINE_DAYS,
      workingHours: { start, end },
      meetingMinutes: config.SIP_MEETING_MINUTES,
      slotStartTimes: config.SIP_SLOT_START_TIMES.split(","),
      candidateCount: config.SIP_POLL_CANDIDATES,
      answerDays: config.SIP_POLL_ANSWER_DAYS,
      reminderHours: config.SIP_POLL_REMINDER_HOURS.split(",").map(Number),
    },
  };
}
