-- CreateTable
CREATE TABLE "sip_agenda" (
    "id" UUID NOT NULL,
    "sip_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "edited" BOOLEAN NOT NULL DEFAULT false,
    "accepted_by_id" UUID NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sip_agenda_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "sip_agenda_sip_id_version_key" ON "sip_agenda"("sip_id", "version");

-- AddForeignKey
ALTER TABLE "sip_agenda" ADD CONSTRAINT "sip_agenda_sip_id_fkey" FOREIGN KEY ("sip_id") REFERENCES "sip"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

