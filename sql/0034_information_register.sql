-- 0034 the information register 信息交流表 (INF-1/2, seed 000 六): QUALITY registers internal and
-- external information (external marked "*"), its source, content, who was told and its handling,
-- reviewed at a regular meeting. Urgent information goes at once to QUALITY and on to the management
-- representative, and a corrective/preventive action report follows, approved before the entry
-- closes; information that may cause a major nonconformity goes to the management representative
-- (seed 000 5.11). An entry of an office belongs to it; HQ's own entries have no office (HQ only).

CREATE TABLE liaison.information_entry (
    id                    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id             bigint CONSTRAINT information_entry_office_fkey REFERENCES liaison.office (id),
    direction             text NOT NULL CONSTRAINT information_entry_direction CHECK (direction IN ('internal', 'external')),
    source_kind           text NOT NULL CONSTRAINT information_entry_source_kind CHECK (source_kind IN (
                              'department', 'office', 'developer', 'authority', 'customer', 'supplier', 'media', 'other')),
    source                text NOT NULL CONSTRAINT information_entry_source_not_blank CHECK (btrim(source) <> ''),
    content               text NOT NULL CONSTRAINT information_entry_content_not_blank CHECK (btrim(content) <> ''),
    told                  text NOT NULL DEFAULT '',
    handling              text NOT NULL DEFAULT '',
    urgent                boolean NOT NULL DEFAULT false,
    major_nonconformity   boolean NOT NULL DEFAULT false,
    received_at           timestamptz NOT NULL,
    recorded_by           bigint NOT NULL CONSTRAINT information_entry_recorder_fkey REFERENCES liaison.staff_user (id),
    recorded_at           timestamptz NOT NULL,
    reviewed_meeting_id   bigint CONSTRAINT information_entry_meeting_fkey REFERENCES liaison.meeting (id),
    action_report         text CONSTRAINT information_entry_action_report_not_blank CHECK (btrim(action_report) <> ''),
    action_report_by      bigint CONSTRAINT information_entry_report_author_fkey REFERENCES liaison.staff_user (id),
    action_report_at      timestamptz,
    action_approved_by    bigint CONSTRAINT information_entry_report_approver_fkey REFERENCES liaison.staff_user (id),
    action_approved_at    timestamptz,
    closed_at             timestamptz,
    version               integer NOT NULL DEFAULT 1,
    CONSTRAINT information_entry_report CHECK ((action_report IS NULL) = (action_report_at IS NULL) AND (action_report_at IS NULL) = (action_report_by IS NULL)),
    CONSTRAINT information_entry_approval CHECK (
        (action_approved_at IS NULL) = (action_approved_by IS NULL) AND (action_approved_at IS NULL OR action_report IS NOT NULL)),
    -- INF-2: urgent information closes only once its action report is approved.
    CONSTRAINT information_entry_urgent_closure CHECK (closed_at IS NULL OR NOT urgent OR action_approved_at IS NOT NULL)
);
CREATE INDEX information_entry_office_idx ON liaison.information_entry (office_id, id);
COMMENT ON TABLE liaison.information_entry IS
    'The information register 信息交流表 (INF-1/2): internal and external (*) information, its source, who was told, handling, meeting review; urgent entries need an approved corrective/preventive action report before they close.';

ALTER TABLE liaison.information_entry ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.information_entry FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.information_entry
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.notification DROP CONSTRAINT notification_kind;
ALTER TABLE liaison.notification ADD CONSTRAINT notification_kind CHECK (kind IN (
    'clock_warning', 'clock_breached', 'leadership_complaint', 'escalation_received', 'escalation_answered', 'answer_overdue',
    'minutes_overdue', 'resolution_overdue', 'submission_overdue', 'publication_overdue', 'payment_due_soon', 'payment_overdue',
    'urgent_information', 'major_nonconformity'));
