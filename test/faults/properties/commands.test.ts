// Property-based tests of the commands parsers; the same properties run in bench/fuzz.ts (see catalogue.ts).
import { commandProperties } from "./commands.props.ts";
import { propertySuite } from "./suite.ts";

propertySuite("commands", commandProperties);
