-- 0021 the owner communication meeting's records (MTG-3, seed 003): the invitation list with
-- statuses and reminder calls, owners' opinions by area with answers on the spot or later, the
-- rectification plan whose items are tracked to done, and the budget computed exactly in numeric.

CREATE TABLE liaison.meeting_invitation (
    office_id          bigint NOT NULL,
    id                 bigint GENERATED ALWAYS AS IDENTITY,
    meeting_id         bigint NOT NULL CONSTRAINT meeting_invitation_meeting_fkey REFERENCES liaison.meeting (id),
    name               text NOT NULL CONSTRAINT meeting_invitation_name_not_blank CHECK (btrim(name) <> ''),
    unit               text,
    phone              text NOT NULL DEFAULT '',
    status             text NOT NULL DEFAULT 'pending' CONSTRAINT meeting_invitation_status CHECK (status IN ('pending', 'confirmed', 'declined')),
    reminded_day_before_at timestamptz,
    reminded_soon_at   timestamptz,
    version            integer NOT NULL DEFAULT 1,
    PRIMARY KEY (office_id, id)
);
CREATE INDEX meeting_invitation_meeting_idx ON liaison.meeting_invitation (meeting_id);
COMMENT ON TABLE liaison.meeting_invitation IS
    'Owners invited to an owner communication meeting (MTG-3): status, and when the reminder calls (the day before, 10 minutes before) were made.';

CREATE TABLE liaison.meeting_opinion (
    office_id   bigint NOT NULL,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    meeting_id  bigint NOT NULL CONSTRAINT meeting_opinion_meeting_fkey REFERENCES liaison.meeting (id),
    area        text NOT NULL CONSTRAINT meeting_opinion_area CHECK (area IN ('environment', 'engineering', 'security', 'customer_service', 'other')),
    owner_name  text NOT NULL DEFAULT '',
    unit        text,
    opinion     text NOT NULL CONSTRAINT meeting_opinion_not_blank CHECK (btrim(opinion) <> ''),
    answer      text,
    on_the_spot boolean,
    answered_at timestamptz,
    answered_by bigint CONSTRAINT meeting_opinion_answerer_fkey REFERENCES liaison.staff_user (id),
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (office_id, id),
    CONSTRAINT meeting_opinion_answer CHECK (
        (answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (on_the_spot IS NULL) AND (answer IS NULL) = (answered_by IS NULL))
);
CREATE INDEX meeting_opinion_meeting_idx ON liaison.meeting_opinion (meeting_id);
COMMENT ON TABLE liaison.meeting_opinion IS 'Owners'' opinions at an owner communication meeting by area, answered on the spot or later (MTG-3).';

CREATE TABLE liaison.rectification_item (
    office_id   bigint NOT NULL,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    meeting_id  bigint NOT NULL CONSTRAINT rectification_item_meeting_fkey REFERENCES liaison.meeting (id),
    opinion_id  bigint,
    problem     text NOT NULL CONSTRAINT rectification_item_problem_not_blank CHECK (btrim(problem) <> ''),
    location    text NOT NULL CONSTRAINT rectification_item_location_not_blank CHECK (btrim(location) <> ''),
    measure     text NOT NULL CONSTRAINT rectification_item_measure_not_blank CHECK (btrim(measure) <> ''),
    expected_on date NOT NULL,
    status      text NOT NULL DEFAULT 'open' CONSTRAINT rectification_item_status CHECK (status IN ('open', 'done')),
    result      text,
    done_at     timestamptz,
    version     integer NOT NULL DEFAULT 1,
    PRIMARY KEY (office_id, id),
    CONSTRAINT rectification_item_opinion_fkey FOREIGN KEY (office_id, opinion_id) REFERENCES liaison.meeting_opinion (office_id, id),
    CONSTRAINT rectification_item_done CHECK ((status = 'done') = (done_at IS NOT NULL) AND (status = 'done') = (result IS NOT NULL))
);
CREATE INDEX rectification_item_meeting_idx ON liaison.rectification_item (meeting_id);
CREATE INDEX rectification_item_open_idx ON liaison.rectification_item (office_id, expected_on) WHERE status = 'open';
COMMENT ON TABLE liaison.rectification_item IS
    'The rectification plan of an owner communication meeting (MTG-3): problem, location, measure, expected completion day; open until done.';

CREATE TABLE liaison.meeting_budget_item (
    office_id  bigint NOT NULL,
    meeting_id bigint NOT NULL CONSTRAINT meeting_budget_item_meeting_fkey REFERENCES liaison.meeting (id),
    position   integer NOT NULL CONSTRAINT meeting_budget_item_position CHECK (position >= 1),
    item       text NOT NULL CONSTRAINT meeting_budget_item_not_blank CHECK (btrim(item) <> ''),
    quantity   numeric(10, 2) NOT NULL CONSTRAINT meeting_budget_item_quantity CHECK (quantity > 0),
    unit_price numeric(10, 2) NOT NULL CONSTRAINT meeting_budget_item_unit_price CHECK (unit_price >= 0),
    -- Exact: numeric multiplication, then the cents the amount is paid in.
    total      numeric(20, 2) GENERATED ALWAYS AS (round(quantity * unit_price, 2)) STORED,
    PRIMARY KEY (meeting_id, position)
);
COMMENT ON TABLE liaison.meeting_budget_item IS
    'The budget of an owner communication meeting (MTG-3): item, quantity, unit price, total = round(quantity × unit price, 2), exact in numeric.';

ALTER TABLE liaison.meeting_invitation ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.meeting_invitation FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.meeting_invitation
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.meeting_opinion ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.meeting_opinion FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.meeting_opinion
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.rectification_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.rectification_item FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.rectification_item
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.meeting_budget_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.meeting_budget_item FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.meeting_budget_item
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
