-- CreateTable
CREATE TABLE "meeting_poll" (
    "id" UUID NOT NULL,
    "sip_id" UUID NOT NULL,
    "created_by_id" UUID NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'OPEN',
    "duration_minutes" INTEGER NOT NULL,
    "place" TEXT NOT NULL,
    "closes_at" TIMESTAMPTZ(3) NOT NULL,
    "limit_date" DATE,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),

    CONSTRAINT "meeting_poll_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poll_slot" (
    "id" UUID NOT NULL,
    "poll_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "poll_slot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poll_participant" (
    "id" UUID NOT NULL,
    "poll_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "staff_id" UUID,
    "label" TEXT,
    "kind" TEXT NOT NULL,
    "principal" "Principal" NOT NULL,
    "required" BOOLEAN NOT NULL,
    "note" TEXT,
    "answered_at" TIMESTAMPTZ(3),

    CONSTRAINT "poll_participant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "poll_vote" (
    "id" UUID NOT NULL,
    "slot_id" UUID NOT NULL,
    "participant_id" UUID NOT NULL,
    "answer" TEXT NOT NULL,
    "recorded_by_id" UUID NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "poll_vote_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sip_meeting" (
    "id" UUID NOT NULL,
    "sip_id" UUID NOT NULL,
    "poll_id" UUID,
    "uid" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'BOOKED',
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3) NOT NULL,
    "place" TEXT NOT NULL,
    "booked_by_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sip_meeting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "meeting_poll_sip_id_idx" ON "meeting_poll"("sip_id");

-- CreateIndex
CREATE INDEX "meeting_poll_status_closes_at_idx" ON "meeting_poll"("status", "closes_at");

-- CreateIndex
CREATE UNIQUE INDEX "poll_slot_poll_id_position_key" ON "poll_slot"("poll_id", "position");

-- CreateIndex
CREATE INDEX "poll_participant_staff_id_idx" ON "poll_participant"("staff_id");

-- CreateIndex
CREATE UNIQUE INDEX "poll_participant_poll_id_position_key" ON "poll_participant"("poll_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "poll_participant_poll_id_staff_id_key" ON "poll_participant"("poll_id", "staff_id");

-- CreateIndex
CREATE UNIQUE INDEX "poll_participant_poll_id_label_key" ON "poll_participant"("poll_id", "label");

-- CreateIndex
CREATE INDEX "poll_vote_participant_id_idx" ON "poll_vote"("participant_id");

-- CreateIndex
CREATE UNIQUE INDEX "poll_vote_slot_id_participant_id_key" ON "poll_vote"("slot_id", "participant_id");

-- CreateIndex
CREATE UNIQUE INDEX "sip_meeting_uid_key" ON "sip_meeting"("uid");

-- CreateIndex
CREATE INDEX "sip_meeting_sip_id_idx" ON "sip_meeting"("sip_id");

-- AddForeignKey
ALTER TABLE "meeting_poll" ADD CONSTRAINT "meeting_poll_sip_id_fkey" FOREIGN KEY ("sip_id") REFERENCES "sip"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_slot" ADD CONSTRAINT "poll_slot_poll_id_fkey" FOREIGN KEY ("poll_id") REFERENCES "meeting_poll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_participant" ADD CONSTRAINT "poll_participant_poll_id_fkey" FOREIGN KEY ("poll_id") REFERENCES "meeting_poll"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_vote" ADD CONSTRAINT "poll_vote_slot_id_fkey" FOREIGN KEY ("slot_id") REFERENCES "poll_slot"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "poll_vote" ADD CONSTRAINT "poll_vote_participant_id_fkey" FOREIGN KEY ("participant_id") REFERENCES "poll_participant"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sip_meeting" ADD CONSTRAINT "sip_meeting_sip_id_fkey" FOREIGN KEY ("sip_id") REFERENCES "sip"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

