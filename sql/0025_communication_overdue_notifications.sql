-- 0025 overdue notifications beyond developer matters (EXT-6, MTG-2): meeting minutes not sent to
-- the attendees by their due day (to the meeting's organizer), resolutions open past their due day
-- (to the person responsible), documents not submitted or not published by their due days (to the
-- office managers). Company meetings have no office, so a notification may have none either: it is
-- then visible only with an all-offices scope, like the meeting (liaison.visible_office(NULL)).

ALTER TABLE liaison.notification DROP CONSTRAINT notification_pkey;
ALTER TABLE liaison.notification ADD PRIMARY KEY (id);
ALTER TABLE liaison.notification ALTER COLUMN office_id DROP NOT NULL;
ALTER TABLE liaison.notification DROP CONSTRAINT notification_kind;
ALTER TABLE liaison.notification ADD CONSTRAINT notification_kind CHECK (kind IN (
    'clock_warning', 'clock_breached', 'leadership_complaint', 'escalation_received', 'escalation_answered', 'answer_overdue',
    'minutes_overdue', 'resolution_overdue', 'submission_overdue', 'publication_overdue'));
COMMENT ON COLUMN liaison.notification.subject IS
    'For notifications not about a ticket: the kind of record (developer_matter, meeting, meeting_resolution, document), with subject_id.';
COMMENT ON COLUMN liaison.notification.office_id IS 'The office of the record; NULL for a company meeting''s (HQ only).';

-- Each overdue item is notified once: the sweeper marks it.
ALTER TABLE liaison.meeting ADD COLUMN minutes_overdue_notified_at timestamptz;
ALTER TABLE liaison.meeting_resolution ADD COLUMN overdue_notified_at timestamptz;
ALTER TABLE liaison.document ADD COLUMN submission_overdue_notified_at timestamptz, ADD COLUMN publication_overdue_notified_at timestamptz;

-- The sweeper's candidates, cheap to find among many finished records.
CREATE INDEX meeting_minutes_pending_idx ON liaison.meeting (minutes_due_on)
    WHERE minutes_distributed_at IS NULL AND minutes_overdue_notified_at IS NULL;
CREATE INDEX meeting_resolution_overdue_idx ON liaison.meeting_resolution (due_on)
    WHERE status <> 'done' AND overdue_notified_at IS NULL;
CREATE INDEX document_submission_pending_idx ON liaison.document (submit_due_on)
    WHERE submitted_at IS NULL AND submission_overdue_notified_at IS NULL AND submit_due_on IS NOT NULL;
CREATE INDEX document_publication_pending_idx ON liaison.document (publish_due_on)
    WHERE published_at IS NULL AND publication_overdue_notified_at IS NULL AND publish_due_on IS NOT NULL;
