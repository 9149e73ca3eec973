// Property-based tests of the fhir parsers; the same properties run in bench/fuzz.ts (see catalogue.ts).
import { fhirProperties } from "./fhir.props.ts";
import { propertySuite } from "./suite.ts";

propertySuite("fhir", fhirProperties);
