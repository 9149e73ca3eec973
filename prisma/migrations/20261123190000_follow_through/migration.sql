-- AlterTable
ALTER TABLE "sip" ADD COLUMN     "goals" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "commitment" ADD COLUMN     "snoozed_until" DATE;

-- CreateIndex
CREATE INDEX "effort_unit_id_idx" ON "effort"("unit_id");

-- CreateIndex
CREATE INDEX "sip_initiator_id_idx" ON "sip"("initiator_id");

-- CreateIndex
CREATE INDEX "sip_chair_id_idx" ON "sip"("chair_id");

-- CreateIndex
CREATE INDEX "participant_staff_id_idx" ON "participant"("staff_id");

-- CreateIndex
CREATE INDEX "commitment_status_due_date_idx" ON "commitment"("status", "due_date");

-- CreateIndex
CREATE INDEX "commitment_owner_unit_id_idx" ON "commitment"("owner_unit_id");

