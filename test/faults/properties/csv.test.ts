// Property-based tests of the csv parsers; the same properties run in bench/fuzz.ts (see catalogue.ts).
import { csvProperties } from "./csv.props.ts";
import { propertySuite } from "./suite.ts";

propertySuite("csv", csvProperties);
