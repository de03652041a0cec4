-- 0024 scheduling meetings from their cadence (MTG-1): the working day of its period by which a
-- type's meeting is held (president office: within the first 3 working days of the month); NULL
-- means by the period's last working day (daily and twice-weekly types: on their day).

ALTER TABLE liaison.meeting_type ADD COLUMN held_by_working_day integer
    CONSTRAINT meeting_type_held_by_working_day CHECK (held_by_working_day BETWEEN 1 AND 23);
COMMENT ON COLUMN liaison.meeting_type.held_by_working_day IS
    'The meeting is held by this working day of its cadence period (MTG-1: president office 3); NULL: by the period''s last working day.';
UPDATE liaison.meeting_type SET held_by_working_day = 3 WHERE code = 'president_office';

-- The schedule finds a type's meetings of each office in a window of days.
CREATE INDEX meeting_type_time_idx ON liaison.meeting (type_code, scheduled_at);
