// Property-based tests of the personnummer parsers; the same properties run in bench/fuzz.ts (see catalogue.ts).
import { personnummerProperties } from "./personnummer.props.ts";
import { propertySuite } from "./suite.ts";

propertySuite("personnummer", personnummerProperties);
