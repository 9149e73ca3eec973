-- Participants who are staff must exist as staff profiles.
ALTER TABLE "participant" ADD CONSTRAINT "participant_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- One SIP per person that is suggested or in progress. Two staff (or two replicas) acting at the same
-- moment then meet on one SIP instead of creating two. Prisma's schema language cannot express a partial
-- index, so it lives here only (see the comment on model Sip).
CREATE UNIQUE INDEX "sip_one_open_per_person" ON "sip" ("person_id") WHERE "state" NOT IN ('CLOSED', 'DECLINED', 'WITHDRAWN');

-- The audit trail is append-only: TRUNCATE is refused too, not only UPDATE and DELETE.
CREATE TRIGGER "audit_event_no_truncate"
    BEFORE TRUNCATE ON "audit_event"
    FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
