// Property-based tests of the dates parsers; the same properties run in bench/fuzz.ts (see catalogue.ts).
import { dateProperties } from "./dates.props.ts";
import { propertySuite } from "./suite.ts";

propertySuite("dates", dateProperties);
