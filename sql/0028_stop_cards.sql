-- 0028 safety observation teams, areas and STOP cards (SAF-1..3, seed 004 篇3): a unit declares its
-- work areas; planned observations are made by a team of 2-3 with a leader and count in the
-- statistics, random ones are recorded and never counted. A card names the area and the observer
-- and NEVER the observed person: no column anywhere holds one (seed 4.5.3), and observations are
-- non-punitive, linked to no discipline record (4.7.5).

CREATE TABLE liaison.safety_area (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id      bigint CONSTRAINT safety_area_office_fkey REFERENCES liaison.office (id),
    department_id  bigint CONSTRAINT safety_area_department_fkey REFERENCES liaison.department (id),
    name           text NOT NULL CONSTRAINT safety_area_name_not_blank CHECK (btrim(name) <> ''),
    created_at     timestamptz NOT NULL,
    CONSTRAINT safety_area_unit CHECK ((office_id IS NULL) <> (department_id IS NULL))
);
CREATE UNIQUE INDEX safety_area_name_key ON liaison.safety_area (coalesce(office_id, 0), coalesce(department_id, 0), lower(name));
COMMENT ON TABLE liaison.safety_area IS 'The work areas a unit observes (SAF-2: plans cover all of them).';

CREATE TABLE liaison.safety_team (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id      bigint CONSTRAINT safety_team_office_fkey REFERENCES liaison.office (id),
    department_id  bigint CONSTRAINT safety_team_department_fkey REFERENCES liaison.department (id),
    name           text NOT NULL CONSTRAINT safety_team_name_not_blank CHECK (btrim(name) <> ''),
    leader_id      bigint NOT NULL CONSTRAINT safety_team_leader_fkey REFERENCES liaison.staff_user (id),
    member_ids     bigint[] NOT NULL CONSTRAINT safety_team_size CHECK (cardinality(member_ids) BETWEEN 2 AND 3),
    created_at     timestamptz NOT NULL,
    CONSTRAINT safety_team_unit CHECK ((office_id IS NULL) <> (department_id IS NULL)),
    CONSTRAINT safety_team_leader_member CHECK (leader_id = ANY (member_ids))
);
CREATE UNIQUE INDEX safety_team_name_key ON liaison.safety_team (coalesce(office_id, 0), coalesce(department_id, 0), lower(name));
COMMENT ON TABLE liaison.safety_team IS 'Observation teams (SAF-2): 2-3 members of the unit, one of them the leader.';

CREATE TABLE liaison.stop_card (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id      bigint CONSTRAINT stop_card_office_fkey REFERENCES liaison.office (id),
    department_id  bigint CONSTRAINT stop_card_department_fkey REFERENCES liaison.department (id),
    kind           text NOT NULL CONSTRAINT stop_card_kind CHECK (kind IN ('planned', 'random')),
    team_id        bigint CONSTRAINT stop_card_team_fkey REFERENCES liaison.safety_team (id),
    observer_id    bigint NOT NULL CONSTRAINT stop_card_observer_fkey REFERENCES liaison.staff_user (id),
    area_id        bigint NOT NULL CONSTRAINT stop_card_area_fkey REFERENCES liaison.safety_area (id),
    shift          text CONSTRAINT stop_card_shift_format CHECK (shift ~ '^[a-z][a-z0-9_]{0,19}$'),
    observed_at    timestamptz NOT NULL,
    recorded_at    timestamptz NOT NULL,
    CONSTRAINT stop_card_unit CHECK ((office_id IS NULL) <> (department_id IS NULL)),
    CONSTRAINT stop_card_team CHECK ((kind = 'planned') = (team_id IS NOT NULL))
);
CREATE INDEX stop_card_office_idx ON liaison.stop_card (office_id, observed_at);
COMMENT ON TABLE liaison.stop_card IS
    'STOP cards (SAF-1/3): planned (by a team, counted) or random (never counted); the area and the observer, never the observed person.';

CREATE TABLE liaison.stop_card_observation (
    card_id        bigint NOT NULL CONSTRAINT stop_card_observation_card_fkey REFERENCES liaison.stop_card (id),
    office_id      bigint,
    position       integer NOT NULL CONSTRAINT stop_card_observation_position CHECK (position >= 1),
    category       text NOT NULL CONSTRAINT stop_card_observation_category CHECK (category IN (
                       'reactions', 'positions', 'protective_equipment', 'tools_equipment', 'procedures_order', 'ergonomics')),
    safe           boolean NOT NULL,
    actions        text[] NOT NULL DEFAULT '{}' CONSTRAINT stop_card_observation_actions CHECK (
                       actions <@ ARRAY['stop', 'praise', 'discuss', 'agree', 'inspire', 'thank']::text[]),
    note           text NOT NULL DEFAULT '',
    PRIMARY KEY (card_id, position)
);
COMMENT ON TABLE liaison.stop_card_observation IS
    'What a card observed (SAF-3): a category, a safe or unsafe act, the actions taken (stop, praise, discuss, agree, inspire, thank).';

ALTER TABLE liaison.safety_area ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.safety_area FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.safety_area
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.safety_team ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.safety_team FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.safety_team
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.stop_card ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.stop_card FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.stop_card
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.stop_card_observation ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.stop_card_observation FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.stop_card_observation
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

-- SAF-1/4: only planned cards count. One row per unit, ISO week and category with planned observations.
CREATE VIEW bi.safety_observations AS
SELECT c.office_id, o.code AS office_code, c.department_id, d.code AS department_code,
       date_trunc('week', (c.observed_at AT TIME ZONE z.zone))::date AS week_start, ob.category,
       count(DISTINCT c.id) AS cards, count(*) FILTER (WHERE ob.safe) AS safe_acts, count(*) FILTER (WHERE NOT ob.safe) AS unsafe_acts
FROM liaison.stop_card c
JOIN liaison.stop_card_observation ob ON ob.card_id = c.id
LEFT JOIN liaison.office o ON o.id = c.office_id
LEFT JOIN liaison.department d ON d.id = c.department_id
CROSS JOIN (SELECT coalesce((SELECT time_zone FROM liaison.company), 'Asia/Shanghai') AS zone) z
WHERE c.kind = 'planned'
GROUP BY c.office_id, o.code, c.department_id, d.code, week_start, ob.category;
COMMENT ON VIEW bi.safety_observations IS
    'Planned STOP card observations per unit, ISO week and category (SAF-1/4): random cards never count; no column names an observed person (SAF-3, SAF-5).';
COMMENT ON COLUMN bi.safety_observations.office_id IS 'The management office 管理处 (id); NULL for an HQ department.';
COMMENT ON COLUMN bi.safety_observations.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.safety_observations.department_id IS 'The HQ department (id); NULL for an office.';
COMMENT ON COLUMN bi.safety_observations.department_code IS 'The HQ department (code).';
COMMENT ON COLUMN bi.safety_observations.week_start IS 'Monday of the ISO week the observations were made (company time zone).';
COMMENT ON COLUMN bi.safety_observations.category IS 'reactions, positions, protective_equipment, tools_equipment, procedures_order, ergonomics (seed 4.4).';
COMMENT ON COLUMN bi.safety_observations.cards IS 'Planned cards with an observation of this category.';
COMMENT ON COLUMN bi.safety_observations.safe_acts IS 'Safe acts observed.';
COMMENT ON COLUMN bi.safety_observations.unsafe_acts IS 'Unsafe acts observed.';
