-- 0032 yearly safety observation plans and their coverage (SAF-2, seed 004 4.1.2 年度计划 and 5.1
-- "制定安全观察与沟通计划时, 应考虑覆盖不同的作业时间段、覆盖所有区域和班次"): a unit declares its
-- working time slots beside its areas and shifts; its plan for a year lists planned observations
-- (a month, an area, a time slot, a shift, optionally the team), and the coverage view names what
-- the plan leaves uncovered.

CREATE TABLE liaison.safety_time_slot (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id      bigint CONSTRAINT safety_time_slot_office_fkey REFERENCES liaison.office (id),
    department_id  bigint CONSTRAINT safety_time_slot_department_fkey REFERENCES liaison.department (id),
    name           text NOT NULL CONSTRAINT safety_time_slot_name_not_blank CHECK (btrim(name) <> ''),
    starts_at      time NOT NULL,
    ends_at        time NOT NULL,
    created_at     timestamptz NOT NULL,
    CONSTRAINT safety_time_slot_unit CHECK ((office_id IS NULL) <> (department_id IS NULL)),
    CONSTRAINT safety_time_slot_length CHECK (starts_at <> ends_at)
);
CREATE UNIQUE INDEX safety_time_slot_name_key ON liaison.safety_time_slot (coalesce(office_id, 0), coalesce(department_id, 0), lower(name));
COMMENT ON TABLE liaison.safety_time_slot IS
    'A unit''s working time slots 作业时间段 its plan must cover (SAF-2); ends_at before starts_at crosses midnight.';

CREATE TABLE liaison.safety_plan (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id      bigint CONSTRAINT safety_plan_office_fkey REFERENCES liaison.office (id),
    department_id  bigint CONSTRAINT safety_plan_department_fkey REFERENCES liaison.department (id),
    year           integer NOT NULL CONSTRAINT safety_plan_year CHECK (year BETWEEN 2000 AND 2100),
    created_by     bigint NOT NULL CONSTRAINT safety_plan_creator_fkey REFERENCES liaison.staff_user (id),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    version        integer NOT NULL DEFAULT 1,
    CONSTRAINT safety_plan_unit CHECK ((office_id IS NULL) <> (department_id IS NULL))
);
CREATE UNIQUE INDEX safety_plan_year_key ON liaison.safety_plan (coalesce(office_id, 0), coalesce(department_id, 0), year);
COMMENT ON TABLE liaison.safety_plan IS 'A unit''s yearly plan of planned observations (SAF-2, seed 4.1.2), one per unit and year.';

CREATE TABLE liaison.safety_plan_item (
    plan_id        bigint NOT NULL CONSTRAINT safety_plan_item_plan_fkey REFERENCES liaison.safety_plan (id) ON DELETE CASCADE,
    office_id      bigint,
    position       integer NOT NULL CONSTRAINT safety_plan_item_position CHECK (position >= 1),
    month          integer NOT NULL CONSTRAINT safety_plan_item_month CHECK (month BETWEEN 1 AND 12),
    area_id        bigint NOT NULL CONSTRAINT safety_plan_item_area_fkey REFERENCES liaison.safety_area (id),
    time_slot_id   bigint NOT NULL CONSTRAINT safety_plan_item_time_slot_fkey REFERENCES liaison.safety_time_slot (id),
    shift_id       bigint NOT NULL CONSTRAINT safety_plan_item_shift_fkey REFERENCES liaison.safety_shift (id),
    team_id        bigint CONSTRAINT safety_plan_item_team_fkey REFERENCES liaison.safety_team (id),
    PRIMARY KEY (plan_id, position)
);
COMMENT ON TABLE liaison.safety_plan_item IS 'A planned observation of a yearly plan: the month, area, time slot, shift and (optionally) team.';

ALTER TABLE liaison.safety_time_slot ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.safety_time_slot FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.safety_time_slot
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.safety_plan ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.safety_plan FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.safety_plan
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
ALTER TABLE liaison.safety_plan_item ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.safety_plan_item FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.safety_plan_item
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
