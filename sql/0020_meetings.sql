-- 0020 meetings with minutes and resolutions (MTG-1, MTG-2, SAL-2): the company's meeting types
-- with their cadence and agenda lead time as policy data, meetings of the company (office_id NULL,
-- seen by HQ roles only) or of an office, sign-in attendance, minutes due within working days of
-- the meeting, and resolutions each with a responsible person and a due day, tracked to done.

CREATE TABLE liaison.meeting_type (
    code                 text PRIMARY KEY CONSTRAINT meeting_type_code_format CHECK (code ~ '^[a-z][a-z_]{1,39}$'),
    name                 text NOT NULL CONSTRAINT meeting_type_name_not_blank CHECK (btrim(name) <> ''),
    level                text NOT NULL CONSTRAINT meeting_type_level CHECK (level IN ('company', 'office')),
    cadence              text NOT NULL CONSTRAINT meeting_type_cadence CHECK (cadence IN (
                             'daily', 'twice_weekly', 'weekly', 'monthly', 'bimonthly', 'quarterly', 'semiannual', 'as_needed')),
    agenda_lead_days     integer NOT NULL CONSTRAINT meeting_type_agenda_lead CHECK (agenda_lead_days BETWEEN 0 AND 90),
    minutes_due_days     integer NOT NULL DEFAULT 3 CONSTRAINT meeting_type_minutes_due CHECK (minutes_due_days BETWEEN 0 AND 30),
    organizer            text NOT NULL DEFAULT '',
    source               text NOT NULL DEFAULT '',
    version              integer NOT NULL DEFAULT 1
);
COMMENT ON TABLE liaison.meeting_type IS
    'Meeting types (MTG-1, SAL-2): cadence, how many days before a meeting its agenda goes out, and within how many working days its minutes go to the attendees (policy data HQ edits).';
INSERT INTO liaison.meeting_type (code, name, level, cadence, agenda_lead_days, organizer, source) VALUES
    ('board', '董事会', 'company', 'semiannual', 14, 'GENERAL_MANAGER', 'MTG-1: semiannual, agenda 2 weeks before'),
    ('president_office', '总裁办公会', 'company', 'monthly', 7, 'ADMIN', 'MTG-1: within the first 3 working days of the month, agenda 1 week before'),
    ('morning_briefing', '早会', 'company', 'twice_weekly', 0, 'GENERAL_MANAGER', 'MTG-1: Monday and Thursday'),
    ('department_weekly', '部门周例会', 'company', 'weekly', 0, 'department head', 'MTG-1'),
    ('inter_department', '部门协调会', 'company', 'monthly', 3, 'ADMIN', 'MTG-1: about monthly'),
    ('director_forum', '管理处主任论坛', 'company', 'bimonthly', 7, 'QUALITY', 'MTG-1: every 2 months, QUALITY'),
    ('management_review', '月度管理评审', 'company', 'monthly', 3, 'MANAGEMENT_REP', 'MTG-1: monthly management review'),
    ('office_morning', '管理处早会', 'office', 'daily', 0, 'OFFICE_MANAGER', 'MTG-1: daily'),
    ('office_staff', '管理处员工大会', 'office', 'monthly', 0, 'OFFICE_MANAGER', 'MTG-1: at the end of the month'),
    ('customer_forum', '客户恳谈会', 'office', 'semiannual', 7, 'OFFICE_MANAGER', 'MTG-1: semiannual'),
    ('owner_communication', '业主沟通会', 'office', 'as_needed', 3, 'OFFICE_MANAGER', 'MTG-3'),
    ('sales_engineering_weekly', '售房部工程进度周例会', 'office', 'weekly', 0, 'SALES_STAFF', 'SAL-2: weekly, with engineering on construction progress');

-- A meeting of the company (office_id NULL: HQ roles only) or of an office.
CREATE TABLE liaison.meeting (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id              bigint CONSTRAINT meeting_office_fkey REFERENCES liaison.office (id),
    type_code              text NOT NULL CONSTRAINT meeting_type_fkey REFERENCES liaison.meeting_type (code),
    title                  text NOT NULL CONSTRAINT meeting_title_not_blank CHECK (btrim(title) <> ''),
    scheduled_at           timestamptz NOT NULL,
    location               text NOT NULL DEFAULT '',
    agenda                 text NOT NULL DEFAULT '',
    agenda_due_on          date NOT NULL,
    agenda_distributed_at  timestamptz,
    minutes                text,
    minutes_due_on         date NOT NULL,
    minutes_distributed_at timestamptz,
    minutes_by             bigint CONSTRAINT meeting_minutes_author_fkey REFERENCES liaison.staff_user (id),
    created_by             bigint NOT NULL CONSTRAINT meeting_creator_fkey REFERENCES liaison.staff_user (id),
    created_at             timestamptz NOT NULL,
    version                integer NOT NULL DEFAULT 1,
    CONSTRAINT meeting_minutes CHECK ((minutes IS NULL) = (minutes_distributed_at IS NULL) AND (minutes IS NULL) = (minutes_by IS NULL))
);
CREATE INDEX meeting_office_idx ON liaison.meeting (office_id, scheduled_at);
COMMENT ON TABLE liaison.meeting IS
    'Meetings (MTG-1/2): agenda due before, minutes due after (both days in the company time zone), distributed to the attendees.';

CREATE TABLE liaison.meeting_attendance (
    meeting_id   bigint NOT NULL CONSTRAINT meeting_attendance_meeting_fkey REFERENCES liaison.meeting (id),
    office_id    bigint,
    position     integer NOT NULL CONSTRAINT meeting_attendance_position CHECK (position >= 1),
    name         text NOT NULL CONSTRAINT meeting_attendance_name_not_blank CHECK (btrim(name) <> ''),
    user_id      bigint CONSTRAINT meeting_attendance_user_fkey REFERENCES liaison.staff_user (id),
    unit         text,
    signed_in_at timestamptz NOT NULL,
    PRIMARY KEY (meeting_id, position),
    CONSTRAINT meeting_attendance_user_once UNIQUE (meeting_id, user_id)
);
COMMENT ON TABLE liaison.meeting_attendance IS 'Sign-in at a meeting (MTG-2): staff by account, guests (owners, the developer) by name and unit.';

CREATE TABLE liaison.meeting_resolution (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id     bigint NOT NULL CONSTRAINT meeting_resolution_meeting_fkey REFERENCES liaison.meeting (id),
    office_id      bigint,
    text           text NOT NULL CONSTRAINT meeting_resolution_text_not_blank CHECK (btrim(text) <> ''),
    responsible_id bigint NOT NULL CONSTRAINT meeting_resolution_responsible_fkey REFERENCES liaison.staff_user (id),
    due_on         date NOT NULL,
    status         text NOT NULL DEFAULT 'open' CONSTRAINT meeting_resolution_status CHECK (status IN ('open', 'in_progress', 'done')),
    progress       text NOT NULL DEFAULT '',
    done_at        timestamptz,
    version        integer NOT NULL DEFAULT 1,
    CONSTRAINT meeting_resolution_done CHECK ((status = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX meeting_resolution_meeting_idx ON liaison.meeting_resolution (meeting_id);
CREATE INDEX meeting_resolution_open_idx ON liaison.meeting_resolution (responsible_id, due_on) WHERE status <> 'done';
COMMENT ON TABLE liaison.meeting_resolution IS
    'Resolutions (MTG-2): each names the person responsible for its action plan and a due day, and is tracked to done.';

-- Company meetings (office_id NULL) are visible only with an all-offices scope: visible_office(NULL) is NULL otherwise.
ALTER TABLE liaison.meeting ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.meeting FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.meeting
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.meeting_attendance ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.meeting_attendance FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.meeting_attendance
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.meeting_resolution ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.meeting_resolution FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.meeting_resolution
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

CREATE VIEW bi.meeting_follow_up AS
SELECT m.id AS meeting_id, m.office_id, o.code AS office_code, m.type_code, (m.scheduled_at AT TIME ZONE z.zone)::date AS held_on,
       m.agenda_due_on, m.agenda_distributed_at,
       CASE WHEN m.agenda_distributed_at IS NOT NULL THEN m.agenda_distributed_at < ((m.agenda_due_on + 1)::timestamp AT TIME ZONE z.zone) END
           AS agenda_on_time,
       m.minutes_due_on, m.minutes_distributed_at,
       CASE WHEN m.minutes_distributed_at IS NOT NULL THEN m.minutes_distributed_at < ((m.minutes_due_on + 1)::timestamp AT TIME ZONE z.zone) END
           AS minutes_on_time,
       (SELECT count(*) FROM liaison.meeting_attendance a WHERE a.meeting_id = m.id) AS attendees,
       (SELECT count(*) FROM liaison.meeting_resolution r WHERE r.meeting_id = m.id) AS resolutions,
       (SELECT count(*) FROM liaison.meeting_resolution r WHERE r.meeting_id = m.id AND r.status = 'done') AS resolutions_done,
       (SELECT count(*) FROM liaison.meeting_resolution r
        WHERE r.meeting_id = m.id AND r.status <> 'done' AND now() >= ((r.due_on + 1)::timestamp AT TIME ZONE z.zone)) AS resolutions_overdue
FROM liaison.meeting m
LEFT JOIN liaison.office o ON o.id = m.office_id
CROSS JOIN (SELECT coalesce((SELECT time_zone FROM liaison.company), 'Asia/Shanghai') AS zone) z;
COMMENT ON VIEW bi.meeting_follow_up IS
    'Meeting punctuality and follow-up (MTG-1/2, BI-1): agenda and minutes against their due days, attendance, resolutions done and overdue.';
COMMENT ON COLUMN bi.meeting_follow_up.meeting_id IS 'The meeting (id).';
COMMENT ON COLUMN bi.meeting_follow_up.office_id IS 'The management office 管理处 (id); NULL for a company meeting.';
COMMENT ON COLUMN bi.meeting_follow_up.office_code IS 'The management office 管理处 (code); NULL for a company meeting.';
COMMENT ON COLUMN bi.meeting_follow_up.type_code IS 'The meeting type (liaison.meeting_type: board, president_office, director_forum, office_morning, …).';
COMMENT ON COLUMN bi.meeting_follow_up.held_on IS 'The day of the meeting, in the company time zone.';
COMMENT ON COLUMN bi.meeting_follow_up.agenda_due_on IS 'Last day to send the agenda (the meeting day minus the type''s lead time).';
COMMENT ON COLUMN bi.meeting_follow_up.agenda_distributed_at IS 'When the agenda went out; NULL if not yet.';
COMMENT ON COLUMN bi.meeting_follow_up.agenda_on_time IS 'Agenda sent by the end of agenda_due_on; NULL if not sent.';
COMMENT ON COLUMN bi.meeting_follow_up.minutes_due_on IS 'Last day to send the minutes to the attendees (MTG-2: 3 working days after the meeting by default).';
COMMENT ON COLUMN bi.meeting_follow_up.minutes_distributed_at IS 'When the minutes went out; NULL if not yet.';
COMMENT ON COLUMN bi.meeting_follow_up.minutes_on_time IS 'Minutes sent by the end of minutes_due_on; NULL if not sent.';
COMMENT ON COLUMN bi.meeting_follow_up.attendees IS 'People who signed in.';
COMMENT ON COLUMN bi.meeting_follow_up.resolutions IS 'Resolutions the meeting ended in.';
COMMENT ON COLUMN bi.meeting_follow_up.resolutions_done IS 'Of those, done.';
COMMENT ON COLUMN bi.meeting_follow_up.resolutions_overdue IS 'Of those, not done after their due day.';
