-- 0040 exchanges between offices 内部交流 (INF-7, seed 000 六: "各管理处之间的交流、参观、培训等应做好记录"): a visit to another
-- office or a training, recorded by the office that went, and signed in by the host — another office, or HQ when HQ
-- hosts (host_office_id NULL). Both offices see the record; nobody else in an office does.

CREATE TABLE liaison.office_exchange (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id          bigint NOT NULL CONSTRAINT office_exchange_office_fkey REFERENCES liaison.office (id),
    host_office_id     bigint CONSTRAINT office_exchange_host_fkey REFERENCES liaison.office (id),
    kind               text NOT NULL CONSTRAINT office_exchange_kind CHECK (kind IN ('visit', 'training')),
    held_on            date NOT NULL,
    topic              text NOT NULL CONSTRAINT office_exchange_topic_not_blank CHECK (btrim(topic) <> ''),
    participants       text NOT NULL CONSTRAINT office_exchange_participants_not_blank CHECK (btrim(participants) <> ''),
    participant_count  integer NOT NULL CONSTRAINT office_exchange_participant_count_range CHECK (participant_count BETWEEN 1 AND 10000),
    notes              text NOT NULL DEFAULT '',
    recorded_by        bigint NOT NULL CONSTRAINT office_exchange_recorder_fkey REFERENCES liaison.staff_user (id),
    recorded_at        timestamptz NOT NULL,
    host_signed_by     bigint CONSTRAINT office_exchange_host_signer_fkey REFERENCES liaison.staff_user (id),
    host_signed_at     timestamptz,
    host_comment       text,
    version            integer NOT NULL DEFAULT 1,
    CONSTRAINT office_exchange_not_self CHECK (host_office_id IS DISTINCT FROM office_id),
    CONSTRAINT office_exchange_signed CHECK ((host_signed_at IS NULL) = (host_signed_by IS NULL) AND (host_comment IS NULL OR host_signed_at IS NOT NULL))
);
CREATE INDEX office_exchange_office_idx ON liaison.office_exchange (office_id, id);
CREATE INDEX office_exchange_host_idx ON liaison.office_exchange (host_office_id, id);
COMMENT ON TABLE liaison.office_exchange IS
    'Exchanges between offices (INF-7): a visit or a training, recorded by the office that went and signed in by the host office (or HQ, host_office_id NULL).';

ALTER TABLE liaison.office_exchange ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.office_exchange FORCE ROW LEVEL SECURITY;
-- The recording office and the host office see it; only the recording office writes it (the host's sign-in is an update
-- the host may make: its USING admits the host's rows, the CHECK keeps office_id as it was).
CREATE POLICY office_isolation ON liaison.office_exchange
    USING (liaison.visible_office(office_id) OR liaison.visible_office(host_office_id))
    WITH CHECK (liaison.visible_office(office_id) OR liaison.visible_office(host_office_id));
