-- 0006 developers and owners' committees (ORG-4): each estate has a developer (发展商)
-- with named contacts, and may have an owners' committee (业委会) with a chair and members.

-- Developers are company-level parties: one developer may build estates of several offices.
CREATE TABLE liaison.developer (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CONSTRAINT developer_name_not_blank CHECK (btrim(name) <> ''),
    note        text NOT NULL DEFAULT '',
    archived_at timestamptz,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX developer_name_key ON liaison.developer (lower(name));
COMMENT ON TABLE liaison.developer IS 'Developers (发展商, ORG-4), company-wide.';

CREATE TABLE liaison.developer_contact (
    developer_id bigint NOT NULL REFERENCES liaison.developer (id),
    position     integer NOT NULL CHECK (position >= 0),
    name         text NOT NULL CONSTRAINT developer_contact_name_not_blank CHECK (btrim(name) <> ''),
    title        text NOT NULL DEFAULT '',
    phone        text NOT NULL DEFAULT '',
    email        text NOT NULL DEFAULT '',
    PRIMARY KEY (developer_id, position)
);
COMMENT ON TABLE liaison.developer_contact IS 'Named contacts of a developer, in the order given.';

ALTER TABLE liaison.estate ADD COLUMN developer_id bigint CONSTRAINT estate_developer_fkey REFERENCES liaison.developer (id);
CREATE INDEX estate_developer_idx ON liaison.estate (developer_id) WHERE developer_id IS NOT NULL;

-- One owners' committee per estate (a new term replaces the members).
CREATE TABLE liaison.owners_committee (
    office_id bigint NOT NULL,
    estate_id bigint NOT NULL,
    name      text NOT NULL CONSTRAINT owners_committee_name_not_blank CHECK (btrim(name) <> ''),
    formed_on date,
    version   integer NOT NULL DEFAULT 1,
    PRIMARY KEY (office_id, estate_id),
    CONSTRAINT owners_committee_estate_fkey FOREIGN KEY (office_id, estate_id) REFERENCES liaison.estate (office_id, id)
);
COMMENT ON TABLE liaison.owners_committee IS 'Owners'' committees (业委会, ORG-4), one per estate.';

CREATE TABLE liaison.committee_member (
    office_id bigint NOT NULL,
    estate_id bigint NOT NULL,
    position  integer NOT NULL CHECK (position >= 0),
    name      text NOT NULL CONSTRAINT committee_member_name_not_blank CHECK (btrim(name) <> ''),
    role      text NOT NULL CONSTRAINT committee_member_role CHECK (role IN ('chair', 'vice_chair', 'secretary', 'member')),
    phone     text NOT NULL DEFAULT '',
    owner_id  bigint,
    PRIMARY KEY (office_id, estate_id, position),
    CONSTRAINT committee_member_committee_fkey FOREIGN KEY (office_id, estate_id) REFERENCES liaison.owners_committee (office_id, estate_id),
    CONSTRAINT committee_member_owner_fkey FOREIGN KEY (office_id, owner_id) REFERENCES liaison.owner (office_id, id)
);
-- Exactly one chair is checked by the Service; at most one is enforced here.
CREATE UNIQUE INDEX committee_member_one_chair ON liaison.committee_member (office_id, estate_id) WHERE role = 'chair';
COMMENT ON TABLE liaison.committee_member IS 'Members of an owners'' committee, with the chair; owner_id links a member to an owner record.';

ALTER TABLE liaison.owners_committee ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.owners_committee FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.owners_committee
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.committee_member ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.committee_member FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.committee_member
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
