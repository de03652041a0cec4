-- 0018 communication with developers and owners' committees (EXT-1..5, seed 000 §1): the
-- communication record, the developer's questions and letters that must be answered within days,
-- matters that need the developer's written assistance, and the office's outgoing documents,
-- signed by the office manager with an archived copy. Overdue answers reach the office manager
-- through the notification outbox and BI through bi.developer_replies / bi.office_reply_timeliness.

-- EXT-1 / EXT-5: what was said with the developer or the owners' committee, by which channel.
CREATE TABLE liaison.communication_record (
    office_id    bigint NOT NULL,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    estate_id    bigint NOT NULL,
    party        text NOT NULL CONSTRAINT communication_record_party CHECK (party IN ('developer', 'owners_committee')),
    developer_id bigint CONSTRAINT communication_record_developer_fkey REFERENCES liaison.developer (id),
    channel      text NOT NULL CONSTRAINT communication_record_channel CHECK (channel IN ('phone', 'face_to_face', 'letter', 'email', 'meeting')),
    occurred_at  timestamptz NOT NULL,
    counterparts text NOT NULL CONSTRAINT communication_record_counterparts_not_blank CHECK (btrim(counterparts) <> ''),
    summary      text NOT NULL CONSTRAINT communication_record_summary_not_blank CHECK (btrim(summary) <> ''),
    recorded_by  bigint NOT NULL CONSTRAINT communication_record_recorder_fkey REFERENCES liaison.staff_user (id),
    recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (office_id, id),
    CONSTRAINT communication_record_estate_fkey FOREIGN KEY (office_id, estate_id) REFERENCES liaison.estate (office_id, id),
    CONSTRAINT communication_record_developer_party CHECK ((party = 'developer') = (developer_id IS NOT NULL))
);
CREATE INDEX communication_record_id_idx ON liaison.communication_record (id);
CREATE INDEX communication_record_estate_idx ON liaison.communication_record (office_id, estate_id, party, occurred_at);
COMMENT ON TABLE liaison.communication_record IS
    'Communication with the developer (与发展商沟通记录, EXT-1) or the owners'' committee (EXT-5): channel, when, with whom, what.';

-- EXT-3: outgoing written documents, signed by the office manager, with the archived copy.
CREATE TABLE liaison.outgoing_document (
    office_id       bigint NOT NULL,
    id              bigint GENERATED ALWAYS AS IDENTITY,
    estate_id       bigint NOT NULL,
    developer_id    bigint CONSTRAINT outgoing_document_developer_fkey REFERENCES liaison.developer (id),
    recipient       text NOT NULL CONSTRAINT outgoing_document_recipient_not_blank CHECK (btrim(recipient) <> ''),
    subject         text NOT NULL CONSTRAINT outgoing_document_subject_not_blank CHECK (btrim(subject) <> ''),
    channel         text NOT NULL CONSTRAINT outgoing_document_channel CHECK (channel IN ('letter', 'email')),
    copy_text       text,
    copy_file_name  text,
    copy_media_type text,
    copy_content    bytea,
    signed_by       bigint NOT NULL CONSTRAINT outgoing_document_signer_fkey REFERENCES liaison.staff_user (id),
    signed_at       timestamptz NOT NULL,
    PRIMARY KEY (office_id, id),
    CONSTRAINT outgoing_document_estate_fkey FOREIGN KEY (office_id, estate_id) REFERENCES liaison.estate (office_id, id),
    CONSTRAINT outgoing_document_copy CHECK (copy_text IS NOT NULL OR copy_content IS NOT NULL),
    CONSTRAINT outgoing_document_copy_file CHECK (
        (copy_content IS NULL) = (copy_file_name IS NULL) AND (copy_content IS NULL) = (copy_media_type IS NULL))
);
CREATE INDEX outgoing_document_id_idx ON liaison.outgoing_document (id);
COMMENT ON TABLE liaison.outgoing_document IS
    'Outgoing written documents of an office (letters, e-mail, EXT-3): signed by the office manager, with the archived copy (text or file).';

-- EXT-2 / EXT-4: what must be answered by a due day.
CREATE TABLE liaison.developer_matter (
    office_id               bigint NOT NULL,
    id                      bigint GENERATED ALWAYS AS IDENTITY,
    estate_id               bigint NOT NULL,
    developer_id            bigint NOT NULL CONSTRAINT developer_matter_developer_fkey REFERENCES liaison.developer (id),
    kind                    text NOT NULL CONSTRAINT developer_matter_kind CHECK (kind IN (
                                'question', 'developer_letter', 'forwarded_owner_letter', 'assistance_request')),
    topic                   text CONSTRAINT developer_matter_topic CHECK (topic IN (
                                'maintenance_fund', 'facility_completion', 'property_titles', 'warranty',
                                'committee_formation', 'vacant_unit_fees')),
    subject                 text NOT NULL CONSTRAINT developer_matter_subject_not_blank CHECK (btrim(subject) <> ''),
    content                 text NOT NULL DEFAULT '',
    received_at             timestamptz NOT NULL,
    due_on                  date,
    communication_id        bigint,
    request_document_id     bigint,
    recorded_by             bigint NOT NULL CONSTRAINT developer_matter_recorder_fkey REFERENCES liaison.staff_user (id),
    answered_at             timestamptz,
    answer_channel          text CONSTRAINT developer_matter_answer_channel CHECK (answer_channel IN ('phone', 'written')),
    answer                  text,
    answer_document_id      bigint,
    answered_by             bigint CONSTRAINT developer_matter_answerer_fkey REFERENCES liaison.staff_user (id),
    overdue_notified_at     timestamptz,
    version                 integer NOT NULL DEFAULT 1,
    PRIMARY KEY (office_id, id),
    CONSTRAINT developer_matter_estate_fkey FOREIGN KEY (office_id, estate_id) REFERENCES liaison.estate (office_id, id),
    CONSTRAINT developer_matter_communication_fkey FOREIGN KEY (office_id, communication_id)
        REFERENCES liaison.communication_record (office_id, id),
    CONSTRAINT developer_matter_request_document_fkey FOREIGN KEY (office_id, request_document_id)
        REFERENCES liaison.outgoing_document (office_id, id),
    CONSTRAINT developer_matter_answer_document_fkey FOREIGN KEY (office_id, answer_document_id)
        REFERENCES liaison.outgoing_document (office_id, id),
    -- EXT-4: a request for written assistance names its topic; nothing else has one.
    CONSTRAINT developer_matter_topic_kind CHECK ((kind = 'assistance_request') = (topic IS NOT NULL)),
    -- EXT-2: what the developer asks or writes is due by a day; a request's answer date is optional.
    CONSTRAINT developer_matter_due CHECK (kind = 'assistance_request' OR due_on IS NOT NULL),
    CONSTRAINT developer_matter_answer CHECK (
        (answered_at IS NULL) = (answer IS NULL) AND (answered_at IS NULL) = (answer_channel IS NULL)
        AND (answered_at IS NULL) = (answered_by IS NULL)),
    -- Letters are answered in writing by a signed outgoing document (EXT-2, EXT-3); the developer answers a request in writing.
    CONSTRAINT developer_matter_written CHECK (
        kind IN ('question') OR answer_channel IS NULL OR answer_channel = 'written'),
    CONSTRAINT developer_matter_answer_document CHECK (
        answer_document_id IS NULL OR (answer_channel = 'written' AND kind <> 'assistance_request')),
    CONSTRAINT developer_matter_letter_document CHECK (
        kind NOT IN ('developer_letter', 'forwarded_owner_letter') OR answered_at IS NULL OR answer_document_id IS NOT NULL)
);
CREATE INDEX developer_matter_id_idx ON liaison.developer_matter (id);
-- The sweeper's and the lists' open matters by due day.
CREATE INDEX developer_matter_open_idx ON liaison.developer_matter (due_on) WHERE answered_at IS NULL;
CREATE INDEX developer_matter_estate_idx ON liaison.developer_matter (office_id, estate_id);
COMMENT ON TABLE liaison.developer_matter IS
    'What the developer asked or wrote that the office must answer by a day (EXT-2), and matters that need the developer''s written assistance (EXT-4), each to its answer.';

ALTER TABLE liaison.communication_record ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.communication_record FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.communication_record
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.outgoing_document ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.outgoing_document FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.outgoing_document
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.developer_matter ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.developer_matter FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.developer_matter
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

-- Notifications about something other than a ticket: `subject` names the table, `subject_id` the row.
ALTER TABLE liaison.notification ALTER COLUMN ticket_id DROP NOT NULL;
ALTER TABLE liaison.notification ADD COLUMN subject text, ADD COLUMN subject_id bigint;
ALTER TABLE liaison.notification ADD CONSTRAINT notification_subject CHECK (
    (subject IS NULL) = (subject_id IS NULL) AND (ticket_id IS NULL) = (subject IS NOT NULL));
ALTER TABLE liaison.notification DROP CONSTRAINT notification_kind;
ALTER TABLE liaison.notification ADD CONSTRAINT notification_kind CHECK (kind IN (
    'clock_warning', 'clock_breached', 'leadership_complaint', 'escalation_received', 'escalation_answered', 'answer_overdue'));
ALTER TABLE liaison.notification DROP CONSTRAINT notification_once;
ALTER TABLE liaison.notification ADD CONSTRAINT notification_once
    UNIQUE NULLS NOT DISTINCT (office_id, ticket_id, subject, subject_id, clock, round, kind, recipient_id);
COMMENT ON COLUMN liaison.notification.subject IS 'For notifications not about a ticket: the kind of record (developer_matter), with subject_id.';

-- The end of a due day: the first late instant, in the company's time zone.
CREATE FUNCTION liaison.due_end(due_on date) RETURNS timestamptz
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT ((due_on + 1)::timestamp) AT TIME ZONE liaison.company_time_zone() $$;
COMMENT ON FUNCTION liaison.due_end(date) IS 'The first instant after a due day in the company time zone: done before it is on time.';

-- The BI role may not call liaison functions: the views read the zone from the company row themselves.
CREATE VIEW bi.developer_replies AS
SELECT m.office_id, o.code AS office_code, m.estate_id, e.code AS estate_code, m.id AS matter_id, m.kind, m.topic,
       m.received_at, (m.received_at AT TIME ZONE z.zone)::date AS received_on, m.due_on,
       m.answered_at, m.answer_channel,
       CASE WHEN m.answered_at IS NOT NULL AND m.due_on IS NOT NULL THEN m.answered_at < ((m.due_on + 1)::timestamp AT TIME ZONE z.zone) END
           AS answered_on_time,
       m.answered_at IS NULL AND m.due_on IS NOT NULL AND now() >= ((m.due_on + 1)::timestamp AT TIME ZONE z.zone) AS overdue
FROM liaison.developer_matter m
JOIN liaison.office o ON o.id = m.office_id
JOIN liaison.estate e ON e.office_id = m.office_id AND e.id = m.estate_id
CROSS JOIN (SELECT coalesce((SELECT time_zone FROM liaison.company), 'Asia/Shanghai') AS zone) z;
COMMENT ON VIEW bi.developer_replies IS
    'One row per developer question, letter or request for written assistance (EXT-2, EXT-4): due day, answer, and whether it was in time.';
COMMENT ON COLUMN bi.developer_replies.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.developer_replies.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.developer_replies.estate_id IS 'The estate (id).';
COMMENT ON COLUMN bi.developer_replies.estate_code IS 'The estate (code).';
COMMENT ON COLUMN bi.developer_replies.matter_id IS 'The matter (id).';
COMMENT ON COLUMN bi.developer_replies.kind IS 'question (asked in a call or meeting), developer_letter, forwarded_owner_letter (the office answers), assistance_request (the developer answers, EXT-4).';
COMMENT ON COLUMN bi.developer_replies.topic IS 'For assistance requests: maintenance_fund, facility_completion, property_titles, warranty, committee_formation, vacant_unit_fees (EXT-4).';
COMMENT ON COLUMN bi.developer_replies.received_at IS 'When the question or letter arrived (or the request went out).';
COMMENT ON COLUMN bi.developer_replies.received_on IS 'The day it arrived, in the company time zone.';
COMMENT ON COLUMN bi.developer_replies.due_on IS 'The last day to answer in time (EXT-2: within 3 working days by default); for requests the expected answer day, if any.';
COMMENT ON COLUMN bi.developer_replies.answered_at IS 'When it was answered; NULL while open.';
COMMENT ON COLUMN bi.developer_replies.answer_channel IS 'phone or written.';
COMMENT ON COLUMN bi.developer_replies.answered_on_time IS 'Answered before the end of the due day (company time zone); NULL while open or without a due day.';
COMMENT ON COLUMN bi.developer_replies.overdue IS 'Still open after its due day.';

CREATE VIEW bi.office_reply_timeliness AS
SELECT r.office_id, r.office_code, p.period, p.period_start, (p.period_end - 1) AS last_day, bi.period_label(p.period, p.period_start) AS label,
       count(*) AS due, count(*) FILTER (WHERE r.answered_on_time) AS answered_on_time,
       count(*) FILTER (WHERE NOT r.answered_on_time) AS answered_late, count(*) FILTER (WHERE r.overdue) AS overdue,
       bi.rate(count(*) FILTER (WHERE r.answered_on_time), count(*) FILTER (WHERE r.answered_at IS NOT NULL OR r.overdue)) AS on_time_rate
FROM bi.developer_replies r
CROSS JOIN LATERAL bi.periods_of(r.due_on) p
WHERE r.kind <> 'assistance_request' AND r.due_on IS NOT NULL
GROUP BY r.office_id, r.office_code, p.period, p.period_start, p.period_end;
COMMENT ON VIEW bi.office_reply_timeliness IS
    'Reply timeliness to the developer (EXT-2) per office and period of the due day: answered in time, late, still overdue.';
COMMENT ON COLUMN bi.office_reply_timeliness.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.office_reply_timeliness.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.office_reply_timeliness.period IS 'day, week (ISO, Monday-Sunday), month, quarter or half_year, in the company time zone (BI-3).';
COMMENT ON COLUMN bi.office_reply_timeliness.period_start IS 'First day of the period.';
COMMENT ON COLUMN bi.office_reply_timeliness.last_day IS 'Last day of the period.';
COMMENT ON COLUMN bi.office_reply_timeliness.label IS 'The period''s label: 2026-10-31, 2026-W44, 2026-10, 2026-Q4, 2026-H2.';
COMMENT ON COLUMN bi.office_reply_timeliness.due IS 'Questions and letters whose due day falls in the period.';
COMMENT ON COLUMN bi.office_reply_timeliness.answered_on_time IS 'Of those, answered by the end of the due day.';
COMMENT ON COLUMN bi.office_reply_timeliness.answered_late IS 'Of those, answered after the due day.';
COMMENT ON COLUMN bi.office_reply_timeliness.overdue IS 'Of those, still unanswered after the due day.';
COMMENT ON COLUMN bi.office_reply_timeliness.on_time_rate IS 'answered_on_time / (answered_on_time + answered_late + overdue): open matters count once their due day is over; NULL when none is decided yet.';
