// Huvudman: the organisation responsible for an effort. The two principals of a SIP are the region
// (health care) and the municipality (social services); everyone else (Försäkringskassan, school,
// relatives, the person) is OTHER.
export const PRINCIPALS = ["REGION", "MUNICIPALITY", "OTHER"] as const;
export type Principal = (typeof PRINCIPALS)[number];

/** The two principals a SIP is drawn up between. */
export type SipPrincipal = Exclude<Principal, "OTHER">;

export function isSipPrincipal(p: Principal): p is SipPrincipal {
  return p === "REGION" || p === "MUNICIPALITY";
}

export function otherPrincipal(p: SipPrincipal): SipPrincipal {
  return p === "REGION" ? "MUNICIPALITY" : "REGION";
}
