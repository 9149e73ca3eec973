-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Principal" AS ENUM ('REGION', 'MUNICIPALITY', 'OTHER');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('STAFF', 'MANAGER', 'ADMIN');

-- CreateEnum
CREATE TYPE "SipState" AS ENUM ('SUGGESTED', 'CONSENT_PENDING', 'CONSENTED', 'SCHEDULING', 'SCHEDULED', 'HELD', 'FOLLOW_UP', 'CLOSED', 'DECLINED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "CommitmentStatus" AS ENUM ('OPEN', 'DONE', 'CANCELLED');

-- CreateTable
CREATE TABLE "unit" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "principal" "Principal" NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_profile" (
    "id" UUID NOT NULL,
    "handle" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "principal" "Principal" NOT NULL,
    "role" "StaffRole" NOT NULL DEFAULT 'STAFF',
    "unit_id" UUID,
    "locale" TEXT NOT NULL DEFAULT 'sv',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_profile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_identity" (
    "id" UUID NOT NULL,
    "staff_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,

    CONSTRAINT "staff_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" UUID NOT NULL,
    "ref" TEXT NOT NULL,
    "identifier_hash" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "effort" (
    "id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "principal" "Principal" NOT NULL,
    "unit_id" UUID,
    "start_date" DATE NOT NULL,
    "end_date" DATE,
    "source" TEXT NOT NULL,
    "external_id" TEXT,
    "registered_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "effort_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sip" (
    "id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "state" "SipState" NOT NULL,
    "initiator_id" UUID,
    "chair_id" UUID,
    "overall_principal" "Principal",
    "follow_up_date" DATE,
    "dismiss_reason" TEXT,
    "suggested_at" TIMESTAMPTZ(3),
    "consented_at" TIMESTAMPTZ(3),
    "scheduled_at" TIMESTAMPTZ(3),
    "held_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sip_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sip_transition" (
    "id" UUID NOT NULL,
    "sip_id" UUID NOT NULL,
    "from_state" "SipState",
    "to_state" "SipState" NOT NULL,
    "actor_id" UUID,
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sip_transition_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent" (
    "id" UUID NOT NULL,
    "person_id" UUID NOT NULL,
    "principals" "Principal"[],
    "parties" TEXT,
    "exclusions" TEXT,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "given_by" TEXT NOT NULL DEFAULT 'PERSON',
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "withdrawn_at" TIMESTAMPTZ(3),
    "withdrawn_by_id" UUID,

    CONSTRAINT "consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "participant" (
    "id" UUID NOT NULL,
    "sip_id" UUID NOT NULL,
    "staff_id" UUID,
    "name" TEXT,
    "principal" "Principal" NOT NULL,
    "role" TEXT NOT NULL DEFAULT 'PARTICIPANT',
    "required" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "participant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commitment" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "sip_id" UUID NOT NULL,
    "what" TEXT NOT NULL,
    "principal" "Principal" NOT NULL,
    "owner_staff_id" UUID,
    "owner_unit_id" UUID,
    "owner_label" TEXT,
    "due_date" DATE,
    "status" "CommitmentStatus" NOT NULL DEFAULT 'OPEN',
    "created_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "commitment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "commitment_history" (
    "id" UUID NOT NULL,
    "commitment_id" UUID NOT NULL,
    "change" TEXT NOT NULL,
    "detail" JSONB,
    "actor_id" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "commitment_history_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "action" TEXT NOT NULL,
    "person_ref" TEXT,
    "unit_id" UUID,
    "basis" TEXT NOT NULL,
    "detail" JSONB,

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_event" (
    "source" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_event_pkey" PRIMARY KEY ("source","event_id")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" UUID NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "recipient_id" UUID NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "platform_ref" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "unit_name_key" ON "unit"("name");

-- CreateIndex
CREATE UNIQUE INDEX "staff_profile_handle_key" ON "staff_profile"("handle");

-- CreateIndex
CREATE UNIQUE INDEX "staff_identity_platform_tenant_user_id_key" ON "staff_identity"("platform", "tenant", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "person_ref_key" ON "person"("ref");

-- CreateIndex
CREATE UNIQUE INDEX "person_identifier_hash_key" ON "person"("identifier_hash");

-- CreateIndex
CREATE INDEX "effort_person_id_idx" ON "effort"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "effort_source_external_id_key" ON "effort"("source", "external_id");

-- CreateIndex
CREATE INDEX "sip_person_id_idx" ON "sip"("person_id");

-- CreateIndex
CREATE INDEX "sip_transition_sip_id_idx" ON "sip_transition"("sip_id");

-- CreateIndex
CREATE INDEX "consent_person_id_idx" ON "consent"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "participant_sip_id_staff_id_key" ON "participant"("sip_id", "staff_id");

-- CreateIndex
CREATE UNIQUE INDEX "commitment_number_key" ON "commitment"("number");

-- CreateIndex
CREATE INDEX "commitment_sip_id_idx" ON "commitment"("sip_id");

-- CreateIndex
CREATE INDEX "commitment_owner_staff_id_status_idx" ON "commitment"("owner_staff_id", "status");

-- CreateIndex
CREATE INDEX "commitment_history_commitment_id_idx" ON "commitment_history"("commitment_id");

-- CreateIndex
CREATE INDEX "audit_event_person_ref_at_idx" ON "audit_event"("person_ref", "at");

-- CreateIndex
CREATE INDEX "processed_event_received_at_idx" ON "processed_event"("received_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_message_dedupe_key_key" ON "outbox_message"("dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_message_status_created_at_idx" ON "outbox_message"("status", "created_at");

-- AddForeignKey
ALTER TABLE "staff_profile" ADD CONSTRAINT "staff_profile_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_identity" ADD CONSTRAINT "staff_identity_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "effort" ADD CONSTRAINT "effort_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "effort" ADD CONSTRAINT "effort_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sip" ADD CONSTRAINT "sip_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sip_transition" ADD CONSTRAINT "sip_transition_sip_id_fkey" FOREIGN KEY ("sip_id") REFERENCES "sip"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent" ADD CONSTRAINT "consent_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "participant" ADD CONSTRAINT "participant_sip_id_fkey" FOREIGN KEY ("sip_id") REFERENCES "sip"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_sip_id_fkey" FOREIGN KEY ("sip_id") REFERENCES "sip"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_owner_staff_id_fkey" FOREIGN KEY ("owner_staff_id") REFERENCES "staff_profile"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment" ADD CONSTRAINT "commitment_owner_unit_id_fkey" FOREIGN KEY ("owner_unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "commitment_history" ADD CONSTRAINT "commitment_history_commitment_id_fkey" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The audit trail is append-only: refuse UPDATE and DELETE at the database, not only in the application.
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only';
END;
$$;

CREATE TRIGGER "audit_event_no_update_delete"
    BEFORE UPDATE OR DELETE ON "audit_event"
    FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();
