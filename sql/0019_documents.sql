-- 0019 written documents and their approval workflow (issue 6 item 6; EXT-5, EXT-6): owners'
-- committee minutes, quarterly management service reports, monthly briefings. One table of
-- documents with their state in the workflow, one history of decisions, and the owners'
-- questions on a published report. Punctuality per office reaches BI through bi.document_punctuality.

CREATE TABLE liaison.document (
    office_id          bigint NOT NULL,
    id                 bigint GENERATED ALWAYS AS IDENTITY,
    estate_id          bigint NOT NULL,
    kind               text NOT NULL CONSTRAINT document_kind CHECK (kind IN ('committee_minutes', 'quarterly_report', 'monthly_briefing')),
    period_start       date,
    held_on            date,
    title              text NOT NULL CONSTRAINT document_title_not_blank CHECK (btrim(title) <> ''),
    body               text NOT NULL DEFAULT '',
    finance_section    text,
    finance_written_by bigint CONSTRAINT document_finance_writer_fkey REFERENCES liaison.staff_user (id),
    status             text NOT NULL DEFAULT 'draft' CONSTRAINT document_status CHECK (status IN ('draft', 'in_review', 'approved', 'published')),
    step               integer,
    submit_due_on      date,
    publish_due_on     date,
    submitted_at       timestamptz,
    published_at       timestamptz,
    questions_until    date,
    created_by         bigint NOT NULL CONSTRAINT document_creator_fkey REFERENCES liaison.staff_user (id),
    created_at         timestamptz NOT NULL,
    version            integer NOT NULL DEFAULT 1,
    PRIMARY KEY (office_id, id),
    CONSTRAINT document_estate_fkey FOREIGN KEY (office_id, estate_id) REFERENCES liaison.estate (office_id, id),
    -- One report per estate and quarter, one briefing per estate and month.
    CONSTRAINT document_period_key UNIQUE (office_id, estate_id, kind, period_start),
    CONSTRAINT document_step CHECK ((status = 'in_review') = (step IS NOT NULL) AND (step IS NULL OR step >= 0)),
    CONSTRAINT document_period CHECK ((kind = 'committee_minutes') = (period_start IS NULL) AND (kind = 'committee_minutes') = (held_on IS NOT NULL)),
    CONSTRAINT document_finance CHECK (kind = 'quarterly_report' OR finance_section IS NULL),
    CONSTRAINT document_published CHECK ((status = 'published') = (published_at IS NOT NULL))
);
CREATE INDEX document_id_idx ON liaison.document (id);
COMMENT ON TABLE liaison.document IS
    'Written documents in the approval workflow (EXT-5, EXT-6): committee minutes, quarterly reports, monthly briefings, with their due days.';

CREATE TABLE liaison.document_decision (
    office_id    bigint NOT NULL,
    document_id  bigint NOT NULL,
    sequence     integer NOT NULL CONSTRAINT document_decision_sequence CHECK (sequence >= 1),
    decision     text NOT NULL CONSTRAINT document_decision_decision CHECK (decision IN ('submit', 'approve', 'reject', 'publish')),
    step         text,
    from_status  text NOT NULL,
    to_status    text NOT NULL,
    actor_id     bigint NOT NULL CONSTRAINT document_decision_actor_fkey REFERENCES liaison.staff_user (id),
    on_behalf_of text,
    comment      text,
    at           timestamptz NOT NULL,
    PRIMARY KEY (office_id, document_id, sequence),
    CONSTRAINT document_decision_document_fkey FOREIGN KEY (office_id, document_id) REFERENCES liaison.document (office_id, id),
    CONSTRAINT document_decision_reason CHECK (decision <> 'reject' OR btrim(coalesce(comment, '')) <> '')
);
COMMENT ON TABLE liaison.document_decision IS
    'Every decision on a document, in order: who, when, which step, from which status to which, on whose behalf, why.';

CREATE TABLE liaison.document_question (
    office_id   bigint NOT NULL,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    document_id bigint NOT NULL,
    asked_by    text NOT NULL CONSTRAINT document_question_asker_not_blank CHECK (btrim(asked_by) <> ''),
    unit        text,
    question    text NOT NULL CONSTRAINT document_question_not_blank CHECK (btrim(question) <> ''),
    asked_at    timestamptz NOT NULL,
    answer      text,
    answered_at timestamptz,
    answered_by bigint CONSTRAINT document_question_answerer_fkey REFERENCES liaison.staff_user (id),
    PRIMARY KEY (office_id, id),
    CONSTRAINT document_question_document_fkey FOREIGN KEY (office_id, document_id) REFERENCES liaison.document (office_id, id),
    CONSTRAINT document_question_answer CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_by IS NULL))
);
CREATE INDEX document_question_document_idx ON liaison.document_question (office_id, document_id);
COMMENT ON TABLE liaison.document_question IS 'Owners'' questions on a published quarterly report within its question window, and the answers (EXT-6).';

ALTER TABLE liaison.document ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.document FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.document
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.document_decision ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.document_decision FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.document_decision
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.document_question ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.document_question FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.document_question
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

CREATE VIEW bi.document_punctuality AS
SELECT d.office_id, o.code AS office_code, d.estate_id, e.code AS estate_code, d.id AS document_id, d.kind, d.period_start, d.held_on,
       d.status, d.submit_due_on, d.submitted_at,
       CASE WHEN d.submit_due_on IS NOT NULL AND d.submitted_at IS NOT NULL
            THEN d.submitted_at < ((d.submit_due_on + 1)::timestamp AT TIME ZONE z.zone) END AS submitted_on_time,
       d.publish_due_on, d.published_at,
       CASE WHEN d.publish_due_on IS NOT NULL AND d.published_at IS NOT NULL
            THEN d.published_at < ((d.publish_due_on + 1)::timestamp AT TIME ZONE z.zone) END AS published_on_time,
       (d.submit_due_on IS NOT NULL AND d.submitted_at IS NULL AND now() >= ((d.submit_due_on + 1)::timestamp AT TIME ZONE z.zone))
           OR (d.publish_due_on IS NOT NULL AND d.published_at IS NULL AND now() >= ((d.publish_due_on + 1)::timestamp AT TIME ZONE z.zone))
           AS overdue
FROM liaison.document d
JOIN liaison.office o ON o.id = d.office_id
JOIN liaison.estate e ON e.office_id = d.office_id AND e.id = d.estate_id
CROSS JOIN (SELECT coalesce((SELECT time_zone FROM liaison.company), 'Asia/Shanghai') AS zone) z;
COMMENT ON VIEW bi.document_punctuality IS
    'Report and minutes punctuality (EXT-5, EXT-6, BI-1): one row per document with its due days and whether each step came in time.';
COMMENT ON COLUMN bi.document_punctuality.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.document_punctuality.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.document_punctuality.estate_id IS 'The estate (id).';
COMMENT ON COLUMN bi.document_punctuality.estate_code IS 'The estate (code).';
COMMENT ON COLUMN bi.document_punctuality.document_id IS 'The document (id).';
COMMENT ON COLUMN bi.document_punctuality.kind IS 'committee_minutes, quarterly_report or monthly_briefing.';
COMMENT ON COLUMN bi.document_punctuality.period_start IS 'First day of the quarter a report covers, or of the month a briefing covers.';
COMMENT ON COLUMN bi.document_punctuality.held_on IS 'The committee meeting the minutes are of.';
COMMENT ON COLUMN bi.document_punctuality.status IS 'draft, in_review, approved or published.';
COMMENT ON COLUMN bi.document_punctuality.submit_due_on IS 'Last day to submit for review (reports: the 8th working day of the month after the quarter by default).';
COMMENT ON COLUMN bi.document_punctuality.submitted_at IS 'When it was first submitted.';
COMMENT ON COLUMN bi.document_punctuality.submitted_on_time IS 'Submitted before the end of submit_due_on (company time zone); NULL without a due day or not submitted.';
COMMENT ON COLUMN bi.document_punctuality.publish_due_on IS 'Last day to publish (reports: the 18th; briefings: the 3rd of the next month, by default).';
COMMENT ON COLUMN bi.document_punctuality.published_at IS 'When it was published.';
COMMENT ON COLUMN bi.document_punctuality.published_on_time IS 'Published before the end of publish_due_on; NULL without a due day or not published.';
COMMENT ON COLUMN bi.document_punctuality.overdue IS 'A due day has passed with its step still undone.';
