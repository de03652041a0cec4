-- 0033 safety observation reports through the approval workflow (SAF-4/5, seed 004 5.4.2 and 5.6):
-- a unit's monthly summary 月小结 submitted up the line to the QHSE side for review, and the
-- company's quarterly and semiannual bulletins 通报 written by QHSE and approved by leadership. Each
-- carries the figures of its period from planned cards. Company bulletins have no unit: only HQ sees
-- them (liaison.visible_office(NULL)); a department's summary has no office either.

CREATE TABLE liaison.safety_report (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id      bigint CONSTRAINT safety_report_office_fkey REFERENCES liaison.office (id),
    department_id  bigint CONSTRAINT safety_report_department_fkey REFERENCES liaison.department (id),
    kind           text NOT NULL CONSTRAINT safety_report_kind CHECK (kind IN ('monthly_summary', 'quarterly_bulletin', 'semiannual_bulletin')),
    period_start   date NOT NULL,
    title          text NOT NULL CONSTRAINT safety_report_title_not_blank CHECK (btrim(title) <> ''),
    body           text NOT NULL DEFAULT '',
    figures        text NOT NULL,
    status         text NOT NULL DEFAULT 'draft' CONSTRAINT safety_report_status CHECK (status IN ('draft', 'in_review', 'approved', 'published')),
    step           integer,
    submitted_at   timestamptz,
    published_at   timestamptz,
    created_by     bigint NOT NULL CONSTRAINT safety_report_creator_fkey REFERENCES liaison.staff_user (id),
    created_at     timestamptz NOT NULL,
    version        integer NOT NULL DEFAULT 1,
    -- A unit's summary names its unit; the company's bulletins name none.
    CONSTRAINT safety_report_unit CHECK (
        CASE WHEN kind = 'monthly_summary' THEN (office_id IS NULL) <> (department_id IS NULL)
             ELSE office_id IS NULL AND department_id IS NULL END),
    CONSTRAINT safety_report_step CHECK ((status = 'in_review') = (step IS NOT NULL)),
    CONSTRAINT safety_report_published CHECK ((status = 'published') = (published_at IS NOT NULL))
);
CREATE UNIQUE INDEX safety_report_period_key ON liaison.safety_report (coalesce(office_id, 0), coalesce(department_id, 0), kind, period_start);
COMMENT ON TABLE liaison.safety_report IS
    'Monthly summaries of units and the company''s quarterly and semiannual safety observation bulletins, in the approval workflow (SAF-4/5).';
COMMENT ON COLUMN liaison.safety_report.figures IS 'The period''s figures from planned cards when the report was written (cards, safe and unsafe acts per category).';

CREATE TABLE liaison.safety_report_decision (
    report_id    bigint NOT NULL CONSTRAINT safety_report_decision_report_fkey REFERENCES liaison.safety_report (id),
    office_id    bigint,
    sequence     integer NOT NULL CONSTRAINT safety_report_decision_sequence CHECK (sequence >= 1),
    decision     text NOT NULL CONSTRAINT safety_report_decision_decision CHECK (decision IN ('submit', 'approve', 'reject', 'publish')),
    step         text,
    from_status  text NOT NULL,
    to_status    text NOT NULL,
    actor_id     bigint NOT NULL CONSTRAINT safety_report_decision_actor_fkey REFERENCES liaison.staff_user (id),
    comment      text,
    decided_at   timestamptz NOT NULL,
    PRIMARY KEY (report_id, sequence)
);
COMMENT ON TABLE liaison.safety_report_decision IS 'Each decision on a safety report: submit, approve or reject at a step, publish.';

ALTER TABLE liaison.safety_report ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.safety_report FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.safety_report
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.safety_report_decision ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.safety_report_decision FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.safety_report_decision
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
