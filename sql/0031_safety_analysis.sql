-- 0031 safety observation analysis and appraisal (SAF-4/5, seed 004 5.4.2 and 5.5.1): the weekly
-- analysis meeting of a unit as a meeting type, and the appraisal rankings BI tools read: people
-- and teams weekly, units monthly, by the planned observations they made (random cards never
-- count). Ties share a rank (RANK). The people ranked are observers, named on every card (4.5.4);
-- nothing here or anywhere names the observed (4.5.3), and nothing joins a discipline record (4.7.5).

INSERT INTO liaison.meeting_type (code, name, level, cadence, agenda_lead_days, organizer, source) VALUES
    ('safety_weekly_analysis', '安全观察周分析会', 'office', 'weekly', 0, 'OFFICE_MANAGER',
     'SAF-4: weekly analysis of frequent or repeated unsafe acts and the measures against them (GET /v1/safety-analysis)');

-- Who took part in each planned card: its observer and its team's members (as the team is now).
CREATE VIEW bi.safety_people_weekly AS
WITH zone AS (SELECT coalesce((SELECT time_zone FROM liaison.company), 'Asia/Shanghai') AS name),
participation AS (
    SELECT DISTINCT c.id AS card_id, c.office_id, c.department_id,
           date_trunc('week', (c.observed_at AT TIME ZONE zone.name))::date AS week_start, p.observer_id
    FROM liaison.stop_card c
    JOIN liaison.safety_team t ON t.id = c.team_id
    CROSS JOIN zone
    CROSS JOIN LATERAL unnest(t.member_ids || c.observer_id) AS p (observer_id)
    WHERE c.kind = 'planned'
)
SELECT p.office_id, o.code AS office_code, p.department_id, d.code AS department_code, p.week_start, p.observer_id,
       count(*) AS planned_cards,
       rank() OVER (PARTITION BY p.office_id, p.department_id, p.week_start ORDER BY count(*) DESC) AS rank
FROM participation p
LEFT JOIN liaison.office o ON o.id = p.office_id
LEFT JOIN liaison.department d ON d.id = p.department_id
GROUP BY p.office_id, o.code, p.department_id, d.code, p.week_start, p.observer_id;
COMMENT ON VIEW bi.safety_people_weekly IS
    'Weekly appraisal of observers per unit (SAF-5, seed 5.5.1 个人评优): planned cards each took part in (as observer or team member); ties share a rank.';
COMMENT ON COLUMN bi.safety_people_weekly.office_id IS 'The management office 管理处 (id); NULL for an HQ department.';
COMMENT ON COLUMN bi.safety_people_weekly.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.safety_people_weekly.department_id IS 'The HQ department (id); NULL for an office.';
COMMENT ON COLUMN bi.safety_people_weekly.department_code IS 'The HQ department (code).';
COMMENT ON COLUMN bi.safety_people_weekly.week_start IS 'Monday of the ISO week (company time zone).';
COMMENT ON COLUMN bi.safety_people_weekly.observer_id IS 'A staff user who observed (the card''s observer or a member of its team), never the observed.';
COMMENT ON COLUMN bi.safety_people_weekly.planned_cards IS 'Planned cards the observer took part in that week.';
COMMENT ON COLUMN bi.safety_people_weekly.rank IS 'Rank within the unit and week by planned_cards, most first; ties share a rank (1, 1, 3).';

CREATE VIEW bi.safety_teams_weekly AS
WITH zone AS (SELECT coalesce((SELECT time_zone FROM liaison.company), 'Asia/Shanghai') AS name),
cards AS (
    SELECT c.id, c.office_id, c.department_id, c.team_id, date_trunc('week', (c.observed_at AT TIME ZONE zone.name))::date AS week_start,
           (SELECT count(*) FROM liaison.stop_card_observation ob WHERE ob.card_id = c.id) AS observations
    FROM liaison.stop_card c CROSS JOIN zone
    WHERE c.kind = 'planned'
)
SELECT c.office_id, o.code AS office_code, c.department_id, d.code AS department_code, c.week_start, c.team_id, t.name AS team_name,
       count(*) AS planned_cards, sum(c.observations) AS observations,
       rank() OVER (PARTITION BY c.office_id, c.department_id, c.week_start ORDER BY count(*) DESC) AS rank
FROM cards c
JOIN liaison.safety_team t ON t.id = c.team_id
LEFT JOIN liaison.office o ON o.id = c.office_id
LEFT JOIN liaison.department d ON d.id = c.department_id
GROUP BY c.office_id, o.code, c.department_id, d.code, c.week_start, c.team_id, t.name;
COMMENT ON VIEW bi.safety_teams_weekly IS
    'Weekly appraisal of observation teams per unit (SAF-5, seed 5.5.1 班组评优): their planned cards; ties share a rank.';
COMMENT ON COLUMN bi.safety_teams_weekly.office_id IS 'The management office 管理处 (id); NULL for an HQ department.';
COMMENT ON COLUMN bi.safety_teams_weekly.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.safety_teams_weekly.department_id IS 'The HQ department (id); NULL for an office.';
COMMENT ON COLUMN bi.safety_teams_weekly.department_code IS 'The HQ department (code).';
COMMENT ON COLUMN bi.safety_teams_weekly.week_start IS 'Monday of the ISO week (company time zone).';
COMMENT ON COLUMN bi.safety_teams_weekly.team_id IS 'The observation team (id).';
COMMENT ON COLUMN bi.safety_teams_weekly.team_name IS 'The observation team''s name.';
COMMENT ON COLUMN bi.safety_teams_weekly.planned_cards IS 'Planned cards the team made that week.';
COMMENT ON COLUMN bi.safety_teams_weekly.observations IS 'Observations (safe and unsafe acts) on those cards.';
COMMENT ON COLUMN bi.safety_teams_weekly.rank IS 'Rank within the unit and week by planned_cards, most first; ties share a rank (1, 1, 3).';

CREATE VIEW bi.safety_units_monthly AS
WITH zone AS (SELECT coalesce((SELECT time_zone FROM liaison.company), 'Asia/Shanghai') AS name),
cards AS (
    SELECT c.id, c.office_id, c.department_id, date_trunc('month', (c.observed_at AT TIME ZONE zone.name))::date AS month_start,
           (SELECT count(*) FROM liaison.stop_card_observation ob WHERE ob.card_id = c.id AND NOT ob.safe) AS unsafe
    FROM liaison.stop_card c CROSS JOIN zone
    WHERE c.kind = 'planned'
)
SELECT c.office_id, o.code AS office_code, c.department_id, d.code AS department_code, c.month_start, to_char(c.month_start, 'YYYY-MM') AS label,
       count(*) AS planned_cards,
       sum(c.unsafe) AS unsafe_acts,
       rank() OVER (PARTITION BY c.month_start ORDER BY count(*) DESC) AS rank
FROM cards c
LEFT JOIN liaison.office o ON o.id = c.office_id
LEFT JOIN liaison.department d ON d.id = c.department_id
GROUP BY c.office_id, o.code, c.department_id, d.code, c.month_start;
COMMENT ON VIEW bi.safety_units_monthly IS
    'Monthly appraisal of units across the company (SAF-5, seed 5.5.1 基层队评优): offices and HQ departments by their planned cards; ties share a rank.';
COMMENT ON COLUMN bi.safety_units_monthly.office_id IS 'The management office 管理处 (id); NULL for an HQ department.';
COMMENT ON COLUMN bi.safety_units_monthly.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.safety_units_monthly.department_id IS 'The HQ department (id); NULL for an office.';
COMMENT ON COLUMN bi.safety_units_monthly.department_code IS 'The HQ department (code).';
COMMENT ON COLUMN bi.safety_units_monthly.month_start IS 'The first day of the month (company time zone).';
COMMENT ON COLUMN bi.safety_units_monthly.label IS 'The month as YYYY-MM.';
COMMENT ON COLUMN bi.safety_units_monthly.planned_cards IS 'Planned cards the unit made that month.';
COMMENT ON COLUMN bi.safety_units_monthly.unsafe_acts IS 'Unsafe acts on those cards.';
COMMENT ON COLUMN bi.safety_units_monthly.rank IS 'Rank among all units that month by planned_cards, most first; ties share a rank (1, 2, 2, 4).';
