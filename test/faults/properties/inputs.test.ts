// Property-based tests of the inputs parsers; the same properties run in bench/fuzz.ts (see catalogue.ts).
import { inputProperties } from "./inputs.props.ts";
import { propertySuite } from "./suite.ts";

propertySuite("inputs", inputProperties);
