-- 0005 owners and occupants (业主/住户, ORG-3): people of an office's estates, with contact
-- data and the key-customer flag (重要客户), linked to the units they own, rent or live in.

CREATE TABLE liaison.owner (
    office_id    bigint NOT NULL CONSTRAINT owner_office_fkey REFERENCES liaison.office (id),
    id           bigint GENERATED ALWAYS AS IDENTITY,
    name         text NOT NULL CONSTRAINT owner_name_not_blank CHECK (btrim(name) <> ''),
    phone        text NOT NULL DEFAULT '',
    email        text NOT NULL DEFAULT '',
    key_customer boolean NOT NULL DEFAULT false,
    note         text NOT NULL DEFAULT '',
    archived_at  timestamptz,
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (office_id, id)
);
CREATE INDEX owner_id_idx ON liaison.owner (id);
COMMENT ON TABLE liaison.owner IS 'Owners and occupants (业主/住户, ORG-3) with contact data; key_customer marks 重要客户.';

CREATE TABLE liaison.unit_occupant (
    office_id bigint NOT NULL,
    unit_id   bigint NOT NULL,
    owner_id  bigint NOT NULL,
    relation  text NOT NULL CONSTRAINT unit_occupant_relation CHECK (relation IN ('owner', 'tenant', 'resident')),
    PRIMARY KEY (office_id, unit_id, owner_id),
    CONSTRAINT unit_occupant_unit_fkey FOREIGN KEY (office_id, unit_id) REFERENCES liaison.unit (office_id, id),
    CONSTRAINT unit_occupant_owner_fkey FOREIGN KEY (office_id, owner_id) REFERENCES liaison.owner (office_id, id)
);
CREATE INDEX unit_occupant_owner_idx ON liaison.unit_occupant (office_id, owner_id);
COMMENT ON TABLE liaison.unit_occupant IS 'Who owns, rents or lives in which unit; a unit and its people are always in the same office.';

ALTER TABLE liaison.owner ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.owner FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.owner
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.unit_occupant ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.unit_occupant FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.unit_occupant
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
