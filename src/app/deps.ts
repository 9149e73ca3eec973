import { type LocalDate, stockholmDate } from "../domain/local-date.ts";
import type { OverlapOptions } from "../domain/overlap.ts";
import type { EffortTaxonomy } from "../domain/taxonomy.ts";
import type { Clock, Store } from "./ports.ts";

export interface AppSettings {
  /** Key of the keyed hash that turns a personnummer into a matching key. */
  idSecret: string;
  suggestionWording: "standard" | "strict";
  consentDefaultMonths: number;
  overlap: OverlapOptions;
  /** The language for users whose profile and chat client say nothing; Swedish when unset. */
  defaultLocale?: "sv" | "en";
}

export interface AppDeps {
  store: Store;
  clock: Clock;
  taxonomy: EffortTaxonomy;
  settings: AppSettings;
}

/** Today's date in Stockholm, the date every rule in the domain is judged by. */
export function today(deps: AppDeps): LocalDate {
  return stockholmDate(deps.clock.now());
}
