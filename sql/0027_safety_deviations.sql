-- 0027 deviations from the safety observation procedure (SAF-6, seed 004 篇3 6.5): a unit (an office
-- or an HQ department) that deviates from the procedure has it approved by its head, in writing with
-- the facts supporting the reasons, for at most one year each time; a deviation expires by itself
-- after its last day. A department's deviations have no office: only all-offices scopes see them.

CREATE TABLE liaison.safety_deviation (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id      bigint CONSTRAINT safety_deviation_office_fkey REFERENCES liaison.office (id),
    department_id  bigint CONSTRAINT safety_deviation_department_fkey REFERENCES liaison.department (id),
    clause         text NOT NULL CONSTRAINT safety_deviation_clause_not_blank CHECK (btrim(clause) <> ''),
    deviation      text NOT NULL CONSTRAINT safety_deviation_text_not_blank CHECK (btrim(deviation) <> ''),
    reasons        text NOT NULL CONSTRAINT safety_deviation_reasons_not_blank CHECK (btrim(reasons) <> ''),
    starts_on      date NOT NULL,
    ends_on        date NOT NULL,
    approved_by    bigint NOT NULL CONSTRAINT safety_deviation_approver_fkey REFERENCES liaison.staff_user (id),
    approved_at    timestamptz NOT NULL,
    CONSTRAINT safety_deviation_unit CHECK ((office_id IS NULL) <> (department_id IS NULL)),
    CONSTRAINT safety_deviation_period CHECK (ends_on >= starts_on)
);
CREATE INDEX safety_deviation_office_idx ON liaison.safety_deviation (office_id, ends_on);
COMMENT ON TABLE liaison.safety_deviation IS
    'Deviations from the safety observation procedure (SAF-6): approved by the unit''s head, with reasons and facts, at most a year (policy), expiring after ends_on.';

ALTER TABLE liaison.safety_deviation ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.safety_deviation FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.safety_deviation
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
