-- CreateTable
CREATE TABLE "chat_reference" (
    "id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "tenant" TEXT NOT NULL,
    "conversation_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "user_id" TEXT,
    "reference" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_reference_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "chat_reference_platform_tenant_user_id_idx" ON "chat_reference"("platform", "tenant", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "chat_reference_platform_conversation_id_key" ON "chat_reference"("platform", "conversation_id");

