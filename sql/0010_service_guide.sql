-- 0010 service guide and ticket plans (INF-5, TKT-7/8): the paid-service price list the
-- company publishes (服务指南 / 有偿服务收费标准) with office overrides, and the plan of each
-- processing round of a ticket, whose priced lines come from that list.

-- The service guide: office_id NULL is the company's item; an office item with the same code
-- overrides it for that office (its price, hours, phone), an office item with a new code adds one.
CREATE TABLE liaison.service_item (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id     bigint CONSTRAINT service_item_office_fkey REFERENCES liaison.office (id),
    code          text NOT NULL CONSTRAINT service_item_code_format CHECK (code ~ '^[A-Z0-9][A-Z0-9-]{0,19}$'),
    name          text NOT NULL CONSTRAINT service_item_name_not_blank CHECK (btrim(name) <> ''),
    category      text CONSTRAINT service_item_category CHECK (category IN (
                      'complaint', 'help', 'inquiry', 'engineering', 'security', 'fire', 'cleaning', 'suggestion', 'praise')),
    unit          text NOT NULL CONSTRAINT service_item_unit_not_blank CHECK (btrim(unit) <> ''),
    price         numeric(10, 2) NOT NULL CONSTRAINT service_item_price_range CHECK (price >= 0),
    service_hours text NOT NULL DEFAULT '',
    phone         text NOT NULL DEFAULT '',
    description   text NOT NULL DEFAULT '',
    archived_at   timestamptz,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    CONSTRAINT service_item_code_key UNIQUE NULLS NOT DISTINCT (office_id, code)
);
CREATE INDEX service_item_code_idx ON liaison.service_item (code, office_id);
COMMENT ON TABLE liaison.service_item IS
    'Service guide items and paid-service prices (INF-5): NULL office_id = the company list; an office row with the same code overrides it there.';
COMMENT ON COLUMN liaison.service_item.price IS 'Price per unit in yuan; 0 = a free service.';

ALTER TABLE liaison.service_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.service_item FORCE ROW LEVEL SECURITY;
-- Everyone reads the company list; office items follow office visibility; only an
-- all-offices actor writes the company list.
CREATE POLICY office_isolation ON liaison.service_item
    USING (office_id IS NULL OR liaison.visible_office(office_id))
    WITH CHECK (CASE WHEN office_id IS NULL THEN coalesce(current_setting('liaison.actor_scope', true), '') = 'all'
                     ELSE liaison.visible_office(office_id) END);

-- The plan of one processing round (TKT-7/8): what is done, when, its impact, the protection,
-- what the owner must do, and the priced lines; agreed_by/agreed_at once the owner agreed.
CREATE TABLE liaison.ticket_plan (
    office_id         bigint NOT NULL,
    ticket_id         bigint NOT NULL,
    round             integer NOT NULL CONSTRAINT ticket_plan_round_range CHECK (round >= 0),
    description       text NOT NULL CONSTRAINT ticket_plan_description_not_blank CHECK (btrim(description) <> ''),
    work_time         text NOT NULL,
    impact            text NOT NULL DEFAULT '',
    protection        text NOT NULL DEFAULT '',
    owner_cooperation text NOT NULL DEFAULT '',
    total             numeric(12, 2) NOT NULL CONSTRAINT ticket_plan_total_range CHECK (total >= 0),
    planned_at        timestamptz NOT NULL,
    planned_by        bigint NOT NULL CONSTRAINT ticket_plan_planned_by_fkey REFERENCES liaison.staff_user (id),
    agreed_by         text,
    agreed_at         timestamptz,
    PRIMARY KEY (office_id, ticket_id, round),
    CONSTRAINT ticket_plan_ticket_fkey FOREIGN KEY (office_id, ticket_id) REFERENCES liaison.ticket (office_id, id),
    CONSTRAINT ticket_plan_agreement CHECK ((agreed_by IS NULL) = (agreed_at IS NULL))
);
COMMENT ON TABLE liaison.ticket_plan IS
    'A ticket''s plan per processing round (TKT-7/8); a plan with a total above 0 must be agreed before work starts.';

-- A priced line: the guide item it came from and its price then (a later price change does not alter an agreed plan).
CREATE TABLE liaison.ticket_plan_item (
    office_id       bigint NOT NULL,
    ticket_id       bigint NOT NULL,
    round           integer NOT NULL,
    line            integer NOT NULL CONSTRAINT ticket_plan_item_line_range CHECK (line >= 1),
    service_item_id bigint NOT NULL CONSTRAINT ticket_plan_item_service_item_fkey REFERENCES liaison.service_item (id),
    code            text NOT NULL,
    name            text NOT NULL,
    unit            text NOT NULL,
    unit_price      numeric(10, 2) NOT NULL CONSTRAINT ticket_plan_item_price_range CHECK (unit_price >= 0),
    quantity        numeric(10, 2) NOT NULL CONSTRAINT ticket_plan_item_quantity_range CHECK (quantity > 0),
    amount          numeric(12, 2) NOT NULL CONSTRAINT ticket_plan_item_amount_range CHECK (amount >= 0),
    PRIMARY KEY (office_id, ticket_id, round, line),
    CONSTRAINT ticket_plan_item_plan_fkey FOREIGN KEY (office_id, ticket_id, round)
        REFERENCES liaison.ticket_plan (office_id, ticket_id, round)
);
COMMENT ON TABLE liaison.ticket_plan_item IS 'A priced line of a ticket plan, with the guide''s price at planning time (TKT-8, INF-5).';

ALTER TABLE liaison.ticket_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.ticket_plan FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.ticket_plan
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.ticket_plan_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.ticket_plan_item FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.ticket_plan_item
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
