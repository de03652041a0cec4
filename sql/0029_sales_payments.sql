-- 0029 the developer sales office's payment tracking (SAL-1, seed 004 售房部 与财务的沟通): buyers and
-- the units they reserve; the stages small deposit 小定 → full deposit 大定 → contract signing 签约 →
-- down payment 首期 and what the contract's payment method schedules after it (the rest in full,
-- instalments, or the mortgage loan); amounts due and paid per stage in exact decimals; a ledger of
-- every payment and refund that is never rewritten; cancellation keeps every stage and ledger row.
-- Rows belong to the office of the unit sold; sales staff work their office's, finance all.

CREATE TABLE liaison.sales_buyer (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id   bigint NOT NULL CONSTRAINT sales_buyer_office_fkey REFERENCES liaison.office (id),
    name        text NOT NULL CONSTRAINT sales_buyer_name_not_blank CHECK (btrim(name) <> ''),
    phone       text NOT NULL CONSTRAINT sales_buyer_phone_not_blank CHECK (btrim(phone) <> ''),
    note        text,
    created_by  bigint NOT NULL CONSTRAINT sales_buyer_creator_fkey REFERENCES liaison.staff_user (id),
    created_at  timestamptz NOT NULL,
    version     integer NOT NULL DEFAULT 1
);
CREATE INDEX sales_buyer_office_idx ON liaison.sales_buyer (office_id, id);
COMMENT ON TABLE liaison.sales_buyer IS 'Buyers of a developer''s units, kept by the sales office 售房部 of the office the units belong to (SAL-1).';

CREATE TABLE liaison.sale (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id        bigint NOT NULL,
    buyer_id         bigint NOT NULL CONSTRAINT sale_buyer_fkey REFERENCES liaison.sales_buyer (id),
    unit_id          bigint NOT NULL,
    status           text NOT NULL CONSTRAINT sale_status CHECK (status IN ('reserved', 'deposited', 'signed', 'cancelled')),
    reserved_on      date NOT NULL,
    payment_method   text CONSTRAINT sale_payment_method CHECK (payment_method IN ('full_payment', 'instalments', 'mortgage')),
    contract_number  text CONSTRAINT sale_contract_number_not_blank CHECK (btrim(contract_number) <> ''),
    total_price      numeric(12, 2) CONSTRAINT sale_total_price_positive CHECK (total_price > 0),
    signed_on        date,
    cancelled_at     timestamptz,
    cancelled_by     bigint CONSTRAINT sale_canceller_fkey REFERENCES liaison.staff_user (id),
    cancel_reason    text CONSTRAINT sale_cancel_reason_not_blank CHECK (btrim(cancel_reason) <> ''),
    created_by       bigint NOT NULL CONSTRAINT sale_creator_fkey REFERENCES liaison.staff_user (id),
    created_at       timestamptz NOT NULL,
    version          integer NOT NULL DEFAULT 1,
    CONSTRAINT sale_unit_fkey FOREIGN KEY (office_id, unit_id) REFERENCES liaison.unit (office_id, id),
    -- Signing fixes the contract, its price and payment method at once.
    CONSTRAINT sale_contract CHECK (
        (signed_on IS NULL) = (contract_number IS NULL) AND (signed_on IS NULL) = (total_price IS NULL)
        AND (signed_on IS NULL) = (payment_method IS NULL)),
    CONSTRAINT sale_cancellation CHECK (
        (status = 'cancelled') = (cancelled_at IS NOT NULL) AND (cancelled_at IS NULL) = (cancelled_by IS NULL)
        AND (cancelled_at IS NULL) = (cancel_reason IS NULL))
);
-- One live sale per unit: a unit is reserved again only after its sale was cancelled.
CREATE UNIQUE INDEX sale_live_unit_key ON liaison.sale (office_id, unit_id) WHERE status <> 'cancelled';
CREATE UNIQUE INDEX sale_contract_number_key ON liaison.sale (office_id, contract_number);
CREATE INDEX sale_buyer_idx ON liaison.sale (buyer_id, id);
CREATE INDEX sale_office_idx ON liaison.sale (office_id, id);
COMMENT ON TABLE liaison.sale IS
    'A buyer''s purchase of a unit (SAL-1): reserved with a small deposit, deposited with the full deposit, signed with the contract''s price and payment method, or cancelled (every stage and ledger row kept).';

CREATE TABLE liaison.sale_payment_stage (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id    bigint NOT NULL,
    sale_id      bigint NOT NULL CONSTRAINT sale_payment_stage_sale_fkey REFERENCES liaison.sale (id),
    kind         text NOT NULL CONSTRAINT sale_payment_stage_kind CHECK (kind IN (
                     'small_deposit', 'full_deposit', 'down_payment', 'full_payment', 'instalment', 'mortgage_loan')),
    sequence     integer NOT NULL CONSTRAINT sale_payment_stage_sequence_positive CHECK (sequence > 0),
    amount_due   numeric(12, 2) NOT NULL CONSTRAINT sale_payment_stage_amount_positive CHECK (amount_due > 0),
    due_on       date NOT NULL,
    -- The net of the ledger's payments and refunds for the stage, kept in the same transaction as each ledger row.
    paid         numeric(12, 2) NOT NULL DEFAULT 0 CONSTRAINT sale_payment_stage_paid_range CHECK (paid >= 0 AND paid <= amount_due),
    reminded_at  timestamptz,
    overdue_notified_at timestamptz,
    CONSTRAINT sale_payment_stage_sequence_key UNIQUE (sale_id, kind, sequence)
);
CREATE INDEX sale_payment_stage_sale_idx ON liaison.sale_payment_stage (sale_id, id);
CREATE INDEX sale_payment_stage_open_idx ON liaison.sale_payment_stage (office_id, id) WHERE paid < amount_due;
-- The sweeper's candidates: stages still owed and not yet reminded / notified.
CREATE INDEX sale_payment_stage_remind_idx ON liaison.sale_payment_stage (due_on) WHERE paid < amount_due AND reminded_at IS NULL;
CREATE INDEX sale_payment_stage_overdue_idx ON liaison.sale_payment_stage (due_on) WHERE paid < amount_due AND overdue_notified_at IS NULL;
COMMENT ON TABLE liaison.sale_payment_stage IS
    'What a sale asks the buyer to pay and by when (SAL-1): 小定, 大定, then per the contract 首期 with instalments or the mortgage loan, or the rest in full.';
COMMENT ON COLUMN liaison.sale_payment_stage.paid IS 'Payments less refunds of the stage (the sum of its ledger rows), never above amount_due.';

CREATE TABLE liaison.sale_payment (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id    bigint NOT NULL,
    sale_id      bigint NOT NULL CONSTRAINT sale_payment_sale_fkey REFERENCES liaison.sale (id),
    stage_id     bigint NOT NULL CONSTRAINT sale_payment_stage_fkey REFERENCES liaison.sale_payment_stage (id),
    kind         text NOT NULL CONSTRAINT sale_payment_kind CHECK (kind IN ('payment', 'refund')),
    amount       numeric(12, 2) NOT NULL CONSTRAINT sale_payment_amount_positive CHECK (amount > 0),
    booked_on    date NOT NULL,
    reference    text CONSTRAINT sale_payment_reference_not_blank CHECK (btrim(reference) <> ''),
    reason       text CONSTRAINT sale_payment_reason_not_blank CHECK (btrim(reason) <> ''),
    recorded_by  bigint NOT NULL CONSTRAINT sale_payment_recorder_fkey REFERENCES liaison.staff_user (id),
    recorded_at  timestamptz NOT NULL,
    CONSTRAINT sale_payment_refund_reason CHECK ((kind = 'refund') = (reason IS NOT NULL))
);
CREATE INDEX sale_payment_sale_idx ON liaison.sale_payment (sale_id, id);
COMMENT ON TABLE liaison.sale_payment IS
    'The ledger of money received (payment, marked by finance) and returned (refund, with its reason) per stage (SAL-1); rows are never changed or deleted.';

-- Nothing rewrites the ledger: the application may only add rows and read them.
REVOKE UPDATE, DELETE, TRUNCATE ON liaison.sale_payment FROM liaison_app;

ALTER TABLE liaison.sales_buyer ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.sales_buyer FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.sales_buyer
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.sale ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.sale FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.sale
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.sale_payment_stage ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.sale_payment_stage FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.sale_payment_stage
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.sale_payment ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.sale_payment FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.sale_payment
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

-- SAL-1 reminders to the office's sales staff: a stage coming due, and a stage past its due day.
ALTER TABLE liaison.notification DROP CONSTRAINT notification_kind;
ALTER TABLE liaison.notification ADD CONSTRAINT notification_kind CHECK (kind IN (
    'clock_warning', 'clock_breached', 'leadership_complaint', 'escalation_received', 'escalation_answered', 'answer_overdue',
    'minutes_overdue', 'resolution_overdue', 'submission_overdue', 'publication_overdue', 'payment_due_soon', 'payment_overdue'));
COMMENT ON COLUMN liaison.notification.subject IS
    'For notifications not about a ticket: the kind of record (developer_matter, meeting, meeting_resolution, document, sale_payment_stage), with subject_id.';
