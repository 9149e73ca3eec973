import { type LocalDate, stockholmDate } from "../domain/local-date.ts";
import type { OverlapOptions } from "../domain/overlap.ts";
import type { EffortTaxonomy } from "../domain/taxonomy.ts";
import type { ModelPort } from "./drafting-port.ts";
import type { Clock, Store } from "./ports.ts";
import type { DigestChartPort } from "./digest-ports.ts";
import type { FollowThroughSettings } from "./reminders-schedule.ts";
import type { SchedulingDeps } from "./scheduling-ports.ts";

export interface AppSettings {
  /** Key of the keyed hash that turns a personnummer into a matching key. */
  idSecret: string;
  suggestionWording: "standard" | "strict";
  consentDefaultMonths: number;
  overlap: OverlapOptions;
  /** The language for users whose profile and chat client say nothing; Swedish when unset. */
  defaultLocale?: "sv" | "en";
  /** Reminder timing (follow-through); DEFAULT_FOLLOW_THROUGH when unset. */
  followThrough?: FollowThroughSettings;
}

export interface AppDeps {
  store: Store;
  clock: Clock;
  taxonomy: EffortTaxonomy;
  settings: AppSettings;
  /** Draws the weekly digest's trend chart; without it digests are text only. */
  digestChart?: DigestChartPort;
  /** Scheduling: holidays, the .ics writer and the meeting rules; without it `sip tider` says it is not set up. */
  scheduling?: SchedulingDeps;
  /** A language model for drafts and free text (src/llm); absent means templates and rules only. */
  model?: ModelPort;
}

/** Today's date in Stockholm, the date every rule in the domain is judged by. */
export function today(deps: AppDeps): LocalDate {
  return stockholmDate(deps.clock.now());
}
