-- 0014 (TKT-15, TKT-10): a clock keeps the pause reasons of the policy version it started under,
-- and the owner's acceptance signature may be kept as an image.

-- TKT-15: "a clock keeps the policy version it started with": its pause reasons too, so a later
-- policy edit cannot make a running clock pause (or stop pausing).
ALTER TABLE liaison.ticket_clock ADD COLUMN pauses_when text[] NOT NULL DEFAULT '{}'
    CONSTRAINT ticket_clock_pause_reasons CHECK (pauses_when <@ ARRAY['awaiting_owner', 'owner_unreachable']);
COMMENT ON COLUMN liaison.ticket_clock.pauses_when IS 'The pause reasons of the rule the clock started under (TKT-15).';
-- Clocks already running: the reasons of their version (version 0 = the seed defaults).
UPDATE liaison.ticket_clock c SET pauses_when = r.pauses_when
    FROM liaison.sla_policy_rule r WHERE r.policy_id = c.policy_version AND r.clock = c.kind;
UPDATE liaison.ticket_clock SET pauses_when = CASE kind
        WHEN 'on_site' THEN ARRAY['awaiting_owner', 'owner_unreachable']
        WHEN 'plan' THEN ARRAY['owner_unreachable']
        WHEN 'return_visit' THEN ARRAY['owner_unreachable']
        WHEN 'special_return_visit' THEN ARRAY['owner_unreachable']
        ELSE '{}'::text[] END
    WHERE policy_version = 0;

-- TKT-10: the owner signs the processing sheet; the signature image (PNG or JPEG) of an acceptance.
CREATE TABLE liaison.ticket_signature (
    office_id    bigint NOT NULL,
    ticket_id    bigint NOT NULL,
    round        integer NOT NULL CONSTRAINT ticket_signature_round_range CHECK (round >= 0),
    signer_name  text NOT NULL,
    signed_at    timestamptz NOT NULL,
    media_type   text NOT NULL CONSTRAINT ticket_signature_media_type CHECK (media_type IN ('image/png', 'image/jpeg')),
    image        bytea NOT NULL CONSTRAINT ticket_signature_image_size CHECK (octet_length(image) BETWEEN 1 AND 262144),
    PRIMARY KEY (office_id, ticket_id, round),
    CONSTRAINT ticket_signature_ticket_fkey FOREIGN KEY (office_id, ticket_id) REFERENCES liaison.ticket (office_id, id)
);
COMMENT ON TABLE liaison.ticket_signature IS
    'The owner''s signature image on the processing sheet (信息处理单) at acceptance, per processing round (TKT-10).';

ALTER TABLE liaison.ticket_signature ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.ticket_signature FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.ticket_signature
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
