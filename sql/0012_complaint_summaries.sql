-- 0012 complaint summaries (CMP-5): each office sends QUALITY a weekly complaint summary, and by
-- the 5th of each month the previous month's complaints and their handling, approved by the
-- office manager, are reported and published.

CREATE TABLE liaison.complaint_summary (
    office_id     bigint NOT NULL CONSTRAINT complaint_summary_office_fkey REFERENCES liaison.office (id),
    id            bigint GENERATED ALWAYS AS IDENTITY,
    period        text NOT NULL CONSTRAINT complaint_summary_period CHECK (period IN ('week', 'month')),
    period_start  date NOT NULL,
    period_end    date NOT NULL,
    due_on        date NOT NULL,
    -- The counts and the complaints of the period as compiled when last prepared (a snapshot:
    -- what the office manager approved stays what was published).
    received      integer NOT NULL CONSTRAINT complaint_summary_received_range CHECK (received >= 0),
    closed        integer NOT NULL CONSTRAINT complaint_summary_closed_range CHECK (closed >= 0),
    cancelled     integer NOT NULL CONSTRAINT complaint_summary_cancelled_range CHECK (cancelled >= 0),
    for_leadership integer NOT NULL CONSTRAINT complaint_summary_leadership_range CHECK (for_leadership >= 0),
    complaints    jsonb NOT NULL,
    handling      text NOT NULL DEFAULT '',
    prepared_at   timestamptz NOT NULL,
    prepared_by   bigint NOT NULL CONSTRAINT complaint_summary_prepared_by_fkey REFERENCES liaison.staff_user (id),
    approved_at   timestamptz,
    approved_by   bigint CONSTRAINT complaint_summary_approved_by_fkey REFERENCES liaison.staff_user (id),
    version       integer NOT NULL DEFAULT 1,
    PRIMARY KEY (office_id, id),
    CONSTRAINT complaint_summary_period_key UNIQUE (office_id, period, period_start),
    CONSTRAINT complaint_summary_period_order CHECK (period_start < period_end AND period_end <= due_on),
    CONSTRAINT complaint_summary_approval CHECK ((approved_at IS NULL) = (approved_by IS NULL))
);
CREATE INDEX complaint_summary_id_idx ON liaison.complaint_summary (id);
COMMENT ON TABLE liaison.complaint_summary IS
    'Weekly and monthly complaint summaries per office (CMP-5): counts and complaints of the period, the handling, the office manager''s approval (= publication) and the due date (monthly: the 5th).';

ALTER TABLE liaison.complaint_summary ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.complaint_summary FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.complaint_summary
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
