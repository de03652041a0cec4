-- 0015 major defect checks (SRV-2, seed 000): after a repair of a major defect of the house (roof
-- or bathroom leak, exterior wall crack) the office sends someone to check the effect on site at
-- set times, with a special record; a defect that persists is reworked (a linked ticket).

CREATE TABLE liaison.defect_check (
    office_id           bigint NOT NULL,
    id                  bigint GENERATED ALWAYS AS IDENTITY,
    ticket_id           bigint NOT NULL,
    defect              text NOT NULL CONSTRAINT defect_check_defect CHECK (defect IN ('roof_leak', 'bathroom_leak', 'wall_crack', 'other')),
    sequence            integer NOT NULL CONSTRAINT defect_check_sequence_range CHECK (sequence >= 1),
    due_on              date NOT NULL,
    checked_at          timestamptz,
    checker_id          bigint CONSTRAINT defect_check_checker_fkey REFERENCES liaison.staff_user (id),
    result              text,
    defect_persists     boolean,
    follow_up_ticket_id bigint,
    PRIMARY KEY (office_id, id),
    CONSTRAINT defect_check_sequence_key UNIQUE (office_id, ticket_id, sequence),
    CONSTRAINT defect_check_ticket_fkey FOREIGN KEY (office_id, ticket_id) REFERENCES liaison.ticket (office_id, id),
    CONSTRAINT defect_check_follow_up_fkey FOREIGN KEY (office_id, follow_up_ticket_id) REFERENCES liaison.ticket (office_id, id),
    CONSTRAINT defect_check_result CHECK (
        (checked_at IS NULL) = (result IS NULL) AND (checked_at IS NULL) = (defect_persists IS NULL)
        AND (checked_at IS NULL) = (checker_id IS NULL)),
    CONSTRAINT defect_check_rework_linked CHECK (defect_persists IS NOT TRUE OR follow_up_ticket_id IS NOT NULL)
);
CREATE INDEX defect_check_id_idx ON liaison.defect_check (id);
-- An office's checks still to make, by due day.
CREATE INDEX defect_check_pending_idx ON liaison.defect_check (office_id, due_on) WHERE checked_at IS NULL;
COMMENT ON TABLE liaison.defect_check IS
    'Scheduled on-site checks after the repair of a major defect (SRV-2): due day, result, whether the defect persists and the rework ticket then.';

ALTER TABLE liaison.defect_check ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.defect_check FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.defect_check
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
