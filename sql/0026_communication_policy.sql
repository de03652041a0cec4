-- 0026 the communication deadlines as stored policy (EXT-2, EXT-6, EXT-7): one company row HQ
-- edits, seeded with the seeds' numbers. A count of days after an event is in working days of the
-- company calendar or in calendar days; a day of the month is its Nth working day or day N.

CREATE TABLE liaison.communication_policy (
    id                              integer PRIMARY KEY DEFAULT 1 CONSTRAINT communication_policy_single CHECK (id = 1),
    developer_answer_days           integer NOT NULL CONSTRAINT communication_policy_developer_answer CHECK (developer_answer_days BETWEEN 0 AND 30),
    developer_answer_unit           text NOT NULL CONSTRAINT communication_policy_developer_answer_unit CHECK (developer_answer_unit IN ('working_days', 'calendar_days')),
    report_submission_day           integer NOT NULL CONSTRAINT communication_policy_report_submission CHECK (report_submission_day BETWEEN 1 AND 31),
    report_submission_unit          text NOT NULL CONSTRAINT communication_policy_report_submission_unit CHECK (report_submission_unit IN ('working_day', 'calendar_day')),
    report_publication_day          integer NOT NULL CONSTRAINT communication_policy_report_publication CHECK (report_publication_day BETWEEN 1 AND 31),
    report_publication_unit         text NOT NULL CONSTRAINT communication_policy_report_publication_unit CHECK (report_publication_unit IN ('working_day', 'calendar_day')),
    report_question_window_days     integer NOT NULL CONSTRAINT communication_policy_question_window CHECK (report_question_window_days BETWEEN 0 AND 30),
    report_question_window_unit     text NOT NULL CONSTRAINT communication_policy_question_window_unit CHECK (report_question_window_unit IN ('working_days', 'calendar_days')),
    briefing_delivery_day           integer NOT NULL CONSTRAINT communication_policy_briefing CHECK (briefing_delivery_day BETWEEN 1 AND 31),
    briefing_delivery_unit          text NOT NULL CONSTRAINT communication_policy_briefing_unit CHECK (briefing_delivery_unit IN ('working_day', 'calendar_day')),
    consulting_answer_days          integer NOT NULL CONSTRAINT communication_policy_consulting_answer CHECK (consulting_answer_days BETWEEN 0 AND 30),
    consulting_answer_unit          text NOT NULL CONSTRAINT communication_policy_consulting_answer_unit CHECK (consulting_answer_unit IN ('working_days', 'calendar_days')),
    version                         integer NOT NULL DEFAULT 1
);
COMMENT ON TABLE liaison.communication_policy IS
    'The communication deadlines (EXT-2 answers within 3 working days, EXT-6 report submission by the 8th working day and publication by the 18th, a 7-day question window, briefings by the 3rd, EXT-7 consulting answers): one row, HQ policy.';
INSERT INTO liaison.communication_policy (
    developer_answer_days, developer_answer_unit, report_submission_day, report_submission_unit, report_publication_day,
    report_publication_unit, report_question_window_days, report_question_window_unit, briefing_delivery_day, briefing_delivery_unit,
    consulting_answer_days, consulting_answer_unit)
VALUES (3, 'working_days', 8, 'working_day', 18, 'calendar_day', 7, 'calendar_days', 3, 'calendar_day', 3, 'working_days');
