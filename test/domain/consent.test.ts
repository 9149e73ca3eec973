import { describe, expect, it } from "vitest";
import {
  accessBasis,
  type ConsentFacts,
  hasCrossPrincipalConsent,
  isConsentValid,
} from "../../src/domain/consent.ts";

const now = new Date("2026-11-23T09:00:00Z");
const today = "2026-11-23";
const both: ConsentFacts = {
  principals: ["REGION", "MUNICIPALITY"],
  validFrom: "2026-11-01",
  validTo: "2027-05-01",
  withdrawnAt: null,
};

describe("consent", () => {
  it("is valid inside its period only", () => {
    expect(isConsentValid(both, today, now)).toBe(true);
    expect(isConsentValid({ ...both, validFrom: "2026-11-24" }, today, now)).toBe(false);
    expect(isConsentValid({ ...both, validTo: "2026-11-22" }, today, now)).toBe(false);
    expect(isConsentValid({ ...both, validTo: today }, today, now)).toBe(true);
  });

  it("stops at once when withdrawn", () => {
    expect(isConsentValid({ ...both, withdrawnAt: new Date(now.getTime() - 1) }, today, now)).toBe(false);
    expect(isConsentValid({ ...both, withdrawnAt: now }, today, now)).toBe(false);
    expect(isConsentValid({ ...both, withdrawnAt: new Date(now.getTime() + 60_000) }, today, now)).toBe(true);
  });

  it("shows own principal's data without consent and the other's only with it", () => {
    expect(accessBasis("REGION", "REGION", [], today, now)).toBe("OWN_PRINCIPAL");
    expect(accessBasis("REGION", "MUNICIPALITY", [], today, now)).toBe("DENIED");
    expect(accessBasis("REGION", "MUNICIPALITY", [both], today, now)).toBe("CONSENT");
    const regionOnly: ConsentFacts = { ...both, principals: ["REGION", "OTHER"] };
    expect(accessBasis("REGION", "MUNICIPALITY", [regionOnly], today, now)).toBe("DENIED");
    expect(accessBasis("OTHER", "REGION", [regionOnly], today, now)).toBe("CONSENT");
    expect(hasCrossPrincipalConsent([regionOnly], today, now)).toBe(false);
    // measures by others (the person, relatives) are visible wherever the viewer's principal is covered
    expect(accessBasis("MUNICIPALITY", "OTHER", [both], today, now)).toBe("CONSENT");
    expect(accessBasis("MUNICIPALITY", "OTHER", [regionOnly], today, now)).toBe("DENIED");
    expect(accessBasis("MUNICIPALITY", "OTHER", [], today, now)).toBe("DENIED");
    expect(hasCrossPrincipalConsent([regionOnly, both], today, now)).toBe(true);
  });
});
