-- 0003 estates (ORG-3): each office's estates (小区/项目), their buildings and units (房号),
-- and the row-level security every office-scoped table uses.
--
-- Office isolation: every office-scoped table carries office_id in its primary key (so it
-- can later be distributed by office), children reference parents by (office_id, id) so a
-- child can never sit in another office than its parent, and FORCE ROW LEVEL SECURITY
-- admits only rows of the offices the transaction's actor may see. Services set the scope
-- per transaction with set_config(…, true):
--   liaison.actor_scope    'all' for HQ roles, 'own' for office roles
--   liaison.actor_offices  the actor's office ids, as a bigint[] literal ('{1,2}')
-- Without these settings nothing office-scoped is visible: the default is deny.

CREATE FUNCTION liaison.visible_office(office bigint) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT coalesce(current_setting('liaison.actor_scope', true), '') = 'all'
            OR office = ANY (coalesce(nullif(current_setting('liaison.actor_offices', true), ''), '{}')::bigint[])
    $$;
COMMENT ON FUNCTION liaison.visible_office(bigint) IS
    'Row-level security: whether the current transaction''s actor may see rows of this office.';

CREATE TABLE liaison.estate (
    office_id   bigint NOT NULL CONSTRAINT estate_office_fkey REFERENCES liaison.office (id),
    id          bigint GENERATED ALWAYS AS IDENTITY,
    code        text NOT NULL CONSTRAINT estate_code_format CHECK (code ~ '^[A-Z][A-Z0-9]{1,15}$'),
    name        text NOT NULL CONSTRAINT estate_name_not_blank CHECK (btrim(name) <> ''),
    kind        text NOT NULL CONSTRAINT estate_kind CHECK (kind IN ('residential', 'commercial')),
    address     text NOT NULL DEFAULT '',
    archived_at timestamptz,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    CONSTRAINT estate_code_key UNIQUE (office_id, code)
);
CREATE INDEX estate_id_idx ON liaison.estate (id);
COMMENT ON TABLE liaison.estate IS 'Estates and projects (小区/项目, ORG-2/3): residential, or commercial with a single large owner.';

CREATE TABLE liaison.building (
    office_id   bigint NOT NULL,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    estate_id   bigint NOT NULL,
    name        text NOT NULL CONSTRAINT building_name_not_blank CHECK (btrim(name) <> ''),
    archived_at timestamptz,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    CONSTRAINT building_estate_fkey FOREIGN KEY (office_id, estate_id) REFERENCES liaison.estate (office_id, id),
    CONSTRAINT building_name_key UNIQUE (office_id, estate_id, name)
);
CREATE INDEX building_id_idx ON liaison.building (id);
COMMENT ON TABLE liaison.building IS 'Buildings of an estate (楼栋).';

CREATE TABLE liaison.unit (
    office_id   bigint NOT NULL,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    building_id bigint NOT NULL,
    number      text NOT NULL CONSTRAINT unit_number_not_blank CHECK (btrim(number) <> ''),
    floor       integer CONSTRAINT unit_floor_range CHECK (floor BETWEEN -10 AND 300),
    area_sqm    numeric(10, 2) CONSTRAINT unit_area_positive CHECK (area_sqm > 0),
    archived_at timestamptz,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id),
    CONSTRAINT unit_building_fkey FOREIGN KEY (office_id, building_id) REFERENCES liaison.building (office_id, id),
    CONSTRAINT unit_number_key UNIQUE (office_id, building_id, number)
);
CREATE INDEX unit_id_idx ON liaison.unit (id);
COMMENT ON TABLE liaison.unit IS 'Units (房号) of a building; owners and occupants are linked to units.';

ALTER TABLE liaison.estate ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.estate FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.estate
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.building ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.building FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.building
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.unit ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.unit FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.unit
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
