// Every parser's properties, in one list: the *.test.ts files here run them in `npm test` with a
// few thousand cases each, bench/fuzz.ts with a million per parser. Nothing here imports vitest.
import { commandProperties } from "./commands.props.ts";
import { csvProperties } from "./csv.props.ts";
import { dateProperties } from "./dates.props.ts";
import { fhirProperties } from "./fhir.props.ts";
import { inputProperties } from "./inputs.props.ts";
import { personnummerProperties } from "./personnummer.props.ts";
import type { PropertySpec } from "./property-spec.ts";

export const PROPERTIES: readonly PropertySpec[] = [
  ...commandProperties,
  ...dateProperties,
  ...personnummerProperties,
  ...csvProperties,
  ...fhirProperties,
  ...inputProperties,
];

export const PARSERS: readonly string[] = [...new Set(PROPERTIES.map((p) => p.parser))];
