-- 0009 return-visit samples (SRV-1): every week HQ picks a share (20 % by default) of each
-- office's completed repair tickets for phone return visits, and records the results.

CREATE TABLE liaison.return_visit_sample (
    office_id  bigint NOT NULL CONSTRAINT return_visit_sample_office_fkey REFERENCES liaison.office (id),
    id         bigint GENERATED ALWAYS AS IDENTITY,
    week_start date NOT NULL CONSTRAINT return_visit_sample_monday CHECK (extract(isodow FROM week_start) = 1),
    rate       numeric(4, 3) NOT NULL CONSTRAINT return_visit_sample_rate_range CHECK (rate > 0 AND rate <= 1),
    population integer NOT NULL CONSTRAINT return_visit_sample_population_range CHECK (population >= 0),
    created_at timestamptz NOT NULL,
    created_by bigint NOT NULL CONSTRAINT return_visit_sample_created_by_fkey REFERENCES liaison.staff_user (id),
    PRIMARY KEY (office_id, id),
    CONSTRAINT return_visit_sample_week_key UNIQUE (office_id, week_start)
);
CREATE INDEX return_visit_sample_id_idx ON liaison.return_visit_sample (id);
COMMENT ON TABLE liaison.return_visit_sample IS
    'Weekly return-visit samples (SRV-1): per office and ISO week (company time zone), the share of completed repairs HQ calls back.';

CREATE TABLE liaison.return_visit_sample_item (
    office_id      bigint NOT NULL,
    sample_id      bigint NOT NULL,
    ticket_id      bigint NOT NULL,
    visited_at     timestamptz,
    visitor_id     bigint CONSTRAINT return_visit_sample_item_visitor_fkey REFERENCES liaison.staff_user (id),
    fixed          boolean,
    satisfaction   integer CONSTRAINT return_visit_sample_item_satisfaction_range CHECK (satisfaction BETWEEN 1 AND 5),
    charge_correct boolean,
    comment        text NOT NULL DEFAULT '',
    PRIMARY KEY (office_id, sample_id, ticket_id),
    CONSTRAINT return_visit_sample_item_sample_fkey FOREIGN KEY (office_id, sample_id) REFERENCES liaison.return_visit_sample (office_id, id),
    CONSTRAINT return_visit_sample_item_ticket_fkey FOREIGN KEY (office_id, ticket_id) REFERENCES liaison.ticket (office_id, id),
    CONSTRAINT return_visit_sample_item_result CHECK ((visited_at IS NULL) = (fixed IS NULL) AND (visited_at IS NULL) = (satisfaction IS NULL))
);
COMMENT ON TABLE liaison.return_visit_sample_item IS 'A sampled ticket and, once called, the result of HQ''s return visit.';

ALTER TABLE liaison.return_visit_sample ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.return_visit_sample FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.return_visit_sample
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.return_visit_sample_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.return_visit_sample_item FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.return_visit_sample_item
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
