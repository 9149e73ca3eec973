// The follow-through settings: defaults, and a clear error per bad value (cron, hour, lead days, switch).
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { JOB_ZONE } from "../../src/jobs/runner.ts";
import { PERIODIC_TASKS } from "../../src/jobs/schedule.ts";

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe("follow-through configuration", () => {
  it("defaults to Monday 07:00 and a scan every 15 minutes, in Stockholm", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      SIP_JOBS: "on",
      SIP_DIGEST_CRON: "0 7 * * 1",
      SIP_REMINDER_CRON: "*/15 * * * *",
      SIP_REMINDER_LEAD_DAYS: 2,
      SIP_REMINDER_HOUR: 8,
      SIP_FOLLOW_UP_LEAD_DAYS: 7,
    });
    expect(JOB_ZONE).toBe("Europe/Stockholm");
    const crons = Object.fromEntries(PERIODIC_TASKS.map((t) => [t.name, t.cron(c)]));
    expect(crons).toMatchObject({
      "sip-weekly-digest": "0 7 * * 1",
      "sip-commitment-reminders": "*/15 * * * *",
    });
  });

  it("names each bad value", () => {
    expect(problems({ SIP_DIGEST_CRON: "every monday" })[0]).toMatch(
      /^SIP_DIGEST_CRON: must be a cron expression/,
    );
    expect(problems({ SIP_REMINDER_CRON: "* * *" })[0]).toMatch(/^SIP_REMINDER_CRON:/);
    expect(problems({ SIP_REMINDER_HOUR: "24" })[0]).toMatch(/^SIP_REMINDER_HOUR:/);
    expect(problems({ SIP_REMINDER_LEAD_DAYS: "-1" })[0]).toMatch(/^SIP_REMINDER_LEAD_DAYS:/);
    expect(problems({ SIP_FOLLOW_UP_LEAD_DAYS: "0" })[0]).toMatch(/^SIP_FOLLOW_UP_LEAD_DAYS:/);
    expect(problems({ SIP_JOBS: "maybe" })[0]).toMatch(/^SIP_JOBS:/);
    expect(problems({ SIP_DIGEST_CRON: `0 7 * * 1 ${"x".repeat(5000)}` })).toHaveLength(1);
  });
});
