-- 0004 responsibility table (各部门责任落实表, ORG-7): per office, which team and which
-- default person answer each category of information (TKT-4); dispatch uses it.

CREATE TABLE liaison.responsibility (
    office_id       bigint NOT NULL CONSTRAINT responsibility_office_fkey REFERENCES liaison.office (id),
    category        text NOT NULL CONSTRAINT responsibility_category CHECK (category IN
                        ('complaint', 'help', 'inquiry', 'engineering', 'security', 'fire', 'cleaning', 'suggestion', 'praise')),
    team            text NOT NULL CONSTRAINT responsibility_team CHECK (team IN
                        ('customer_service', 'engineering', 'order_security', 'environment', 'management')),
    default_user_id bigint CONSTRAINT responsibility_default_user_fkey REFERENCES liaison.staff_user (id),
    version         integer NOT NULL DEFAULT 1,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, category)
);
COMMENT ON TABLE liaison.responsibility IS 'Per office: the team and default person answering each information category (ORG-7).';

ALTER TABLE liaison.responsibility ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.responsibility FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.responsibility
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
