-- 0030 the shifts 班次 a safety unit works (SAF-2/4, seed 004 5.1 and 5.4.1): each has a code that STOP
-- cards name, a shift leader 班组长 who owes one observation a shift, and the rest of its crew, who owe
-- at least one together. A unit's managers (an office's OFFICE_MANAGER and SUPERVISOR users, a
-- department's members) owe one a working day; the quotas are policy, computed on the calendar.

CREATE TABLE liaison.safety_shift (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id      bigint CONSTRAINT safety_shift_office_fkey REFERENCES liaison.office (id),
    department_id  bigint CONSTRAINT safety_shift_department_fkey REFERENCES liaison.department (id),
    code           text NOT NULL CONSTRAINT safety_shift_code_format CHECK (code ~ '^[a-z][a-z0-9_]{0,19}$'),
    name           text NOT NULL CONSTRAINT safety_shift_name_not_blank CHECK (btrim(name) <> ''),
    leader_id      bigint NOT NULL CONSTRAINT safety_shift_leader_fkey REFERENCES liaison.staff_user (id),
    crew_ids       bigint[] NOT NULL DEFAULT '{}' CONSTRAINT safety_shift_crew_size CHECK (cardinality(crew_ids) <= 200),
    created_at     timestamptz NOT NULL,
    CONSTRAINT safety_shift_unit CHECK ((office_id IS NULL) <> (department_id IS NULL)),
    CONSTRAINT safety_shift_leader_not_crew CHECK (NOT (leader_id = ANY (crew_ids)))
);
CREATE UNIQUE INDEX safety_shift_code_key ON liaison.safety_shift (coalesce(office_id, 0), coalesce(department_id, 0), code);
COMMENT ON TABLE liaison.safety_shift IS
    'The shifts a safety unit works (SAF-2/4): the code STOP cards name, the shift leader (one observation a shift) and the rest of the crew (one together).';

ALTER TABLE liaison.safety_shift ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.safety_shift FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.safety_shift
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
