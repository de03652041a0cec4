-- 0007 tickets (TKT-1..15): front-desk information tickets, their event history, their SLA
-- clocks, the SLA policies the clocks are measured against, the per-office daily number
-- counter, and idempotency keys for ticket creation.
--
-- Every office-scoped table keeps office_id in its primary key and is under the same
-- row-level security as the estates (liaison.visible_office, 0003).

-- SLA policies (TKT-15): immutable versions. An edit inserts a new row, so a clock that
-- started under a version keeps it (its verdict never changes when HQ edits the policy).
-- office_id NULL is the company policy; an office row overrides it for that office.
-- With no row at all the built-in seed defaults apply (version 0).
CREATE TABLE liaison.sla_policy (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id  bigint CONSTRAINT sla_policy_office_fkey REFERENCES liaison.office (id),
    appointment_arrival_lead_seconds integer NOT NULL
        CONSTRAINT sla_policy_lead_range CHECK (appointment_arrival_lead_seconds BETWEEN 0 AND 86400),
    created_at timestamptz NOT NULL,
    created_by bigint NOT NULL CONSTRAINT sla_policy_created_by_fkey REFERENCES liaison.staff_user (id)
);
CREATE INDEX sla_policy_office_idx ON liaison.sla_policy (office_id, id DESC);
COMMENT ON TABLE liaison.sla_policy IS
    'SLA policy versions (TKT-15): NULL office_id = company policy, else an office override. Never updated; a change is a new row.';

CREATE TABLE liaison.sla_policy_rule (
    policy_id        bigint NOT NULL CONSTRAINT sla_policy_rule_policy_fkey REFERENCES liaison.sla_policy (id),
    clock            text NOT NULL CONSTRAINT sla_policy_rule_clock CHECK (clock IN (
                         'entry', 'dispatch', 'emergency_report', 'on_site', 'appointment_call', 'plan',
                         'supervisor_escalation', 'answer', 'return_visit', 'special_return_visit')),
    unit             text NOT NULL CONSTRAINT sla_policy_rule_unit CHECK (unit IN ('seconds', 'working_days', 'calendar_days')),
    amount           integer NOT NULL CONSTRAINT sla_policy_rule_amount_positive CHECK (amount > 0),
    warning_fraction double precision NOT NULL
        CONSTRAINT sla_policy_rule_warning_range CHECK (warning_fraction > 0 AND warning_fraction < 1),
    pauses_when      text[] NOT NULL DEFAULT '{}'
        CONSTRAINT sla_policy_rule_pause_reasons CHECK (pauses_when <@ ARRAY['awaiting_owner', 'owner_unreachable']),
    PRIMARY KEY (policy_id, clock)
);
COMMENT ON TABLE liaison.sla_policy_rule IS 'One clock''s rule in an SLA policy version: duration, warning point, pause reasons.';

ALTER TABLE liaison.sla_policy ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.sla_policy FORCE ROW LEVEL SECURITY;
-- Everyone reads the company policy; office overrides follow office visibility; only an
-- all-offices actor writes the company policy.
CREATE POLICY office_isolation ON liaison.sla_policy
    USING (office_id IS NULL OR liaison.visible_office(office_id))
    WITH CHECK (CASE WHEN office_id IS NULL THEN coalesce(current_setting('liaison.actor_scope', true), '') = 'all'
                     ELSE liaison.visible_office(office_id) END);

-- Per office and day, the last ticket number handed out (EST01-20261122-0007).
CREATE TABLE liaison.ticket_number_counter (
    office_id bigint NOT NULL CONSTRAINT ticket_number_counter_office_fkey REFERENCES liaison.office (id),
    day       date NOT NULL,
    last      integer NOT NULL,
    PRIMARY KEY (office_id, day)
);
COMMENT ON TABLE liaison.ticket_number_counter IS 'The last ticket sequence number per office and company-zone day.';

CREATE TABLE liaison.ticket (
    office_id       bigint NOT NULL CONSTRAINT ticket_office_fkey REFERENCES liaison.office (id),
    id              bigint GENERATED ALWAYS AS IDENTITY,
    number          text NOT NULL,
    state           text NOT NULL CONSTRAINT ticket_state CHECK (state IN (
                        'recorded', 'classified', 'dispatched', 'signed', 'on_site', 'planned', 'plan_agreed', 'in_progress',
                        'completed', 'accepted', 'rework', 'return_visited', 'closed', 'escalated', 'cancelled')),
    source          text NOT NULL CONSTRAINT ticket_source CHECK (source IN (
                        'owner_call', 'walk_in', 'internal_transfer', 'front_desk_transfer', 'internal_need', 'instruction',
                        'email', 'online_forum', 'opinion_book', 'visit')),
    category        text NOT NULL CONSTRAINT ticket_category CHECK (category IN (
                        'complaint', 'help', 'inquiry', 'engineering', 'security', 'fire', 'cleaning', 'suggestion', 'praise')),
    urgency         text NOT NULL CONSTRAINT ticket_urgency CHECK (urgency IN ('emergency', 'normal')),
    service_mode    text NOT NULL CONSTRAINT ticket_service_mode CHECK (service_mode IN ('immediate', 'appointment')),
    appointment_at  timestamptz,
    estate_id       bigint,
    building_id     bigint,
    unit_id         bigint,
    owner_id        bigint,
    location        text NOT NULL DEFAULT '',
    contact_name    text NOT NULL CONSTRAINT ticket_contact_name_not_blank CHECK (btrim(contact_name) <> ''),
    contact_phone   text NOT NULL DEFAULT '',
    content         text NOT NULL CONSTRAINT ticket_content_not_blank CHECK (btrim(content) <> ''),
    received_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    receiver_id     bigint NOT NULL CONSTRAINT ticket_receiver_fkey REFERENCES liaison.staff_user (id),
    assignee_id     bigint CONSTRAINT ticket_assignee_fkey REFERENCES liaison.staff_user (id),
    rework_count    integer NOT NULL DEFAULT 0 CONSTRAINT ticket_rework_count_range CHECK (rework_count >= 0),
    chase_count     integer NOT NULL DEFAULT 0 CONSTRAINT ticket_chase_count_range CHECK (chase_count >= 0),
    owner_complained boolean NOT NULL DEFAULT false,
    against_manager boolean NOT NULL DEFAULT false,
    involves_compensation boolean NOT NULL DEFAULT false,
    paused_reason   text CONSTRAINT ticket_paused_reason CHECK (paused_reason IN ('awaiting_owner', 'owner_unreachable')),
    cancel_reason   text,
    closed_at       timestamptz,
    version         integer NOT NULL DEFAULT 1,
    PRIMARY KEY (office_id, id),
    CONSTRAINT ticket_number_key UNIQUE (office_id, number),
    CONSTRAINT ticket_appointment CHECK ((service_mode = 'appointment') = (appointment_at IS NOT NULL)),
    CONSTRAINT ticket_received_before_recorded CHECK (received_at <= recorded_at),
    CONSTRAINT ticket_cancel_reason CHECK ((state = 'cancelled') = (cancel_reason IS NOT NULL)),
    CONSTRAINT ticket_leadership_only_complaints CHECK (category = 'complaint' OR NOT (against_manager OR involves_compensation)),
    CONSTRAINT ticket_estate_fkey FOREIGN KEY (office_id, estate_id) REFERENCES liaison.estate (office_id, id),
    CONSTRAINT ticket_building_fkey FOREIGN KEY (office_id, building_id) REFERENCES liaison.building (office_id, id),
    CONSTRAINT ticket_unit_fkey FOREIGN KEY (office_id, unit_id) REFERENCES liaison.unit (office_id, id),
    CONSTRAINT ticket_owner_fkey FOREIGN KEY (office_id, owner_id) REFERENCES liaison.owner (office_id, id)
);
CREATE INDEX ticket_id_idx ON liaison.ticket (id);
-- The lists (TKT, issue 4 item 11): an office's tickets by state, category, assignee and time, newest first.
CREATE INDEX ticket_office_state_idx ON liaison.ticket (office_id, state, id DESC);
CREATE INDEX ticket_office_recorded_idx ON liaison.ticket (office_id, recorded_at DESC, id DESC);
CREATE INDEX ticket_assignee_idx ON liaison.ticket (assignee_id, state) WHERE assignee_id IS NOT NULL;
CREATE INDEX ticket_category_idx ON liaison.ticket (office_id, category, id DESC);
COMMENT ON TABLE liaison.ticket IS
    'Front-desk information tickets (信息处理单, TKT-1..13): complaints, repairs, help, inquiries; owned from first contact to close.';
COMMENT ON COLUMN liaison.ticket.receiver_id IS 'The first-contact receiver (首接负责, TKT-2), who stays responsible for follow-up.';
COMMENT ON COLUMN liaison.ticket.against_manager IS 'A complaint against an office manager: company leadership handles it (CMP-2).';
COMMENT ON COLUMN liaison.ticket.involves_compensation IS 'A complaint involving compensation: company leadership handles it (CMP-2).';
COMMENT ON COLUMN liaison.ticket.received_at IS 'When the contact came in; the entry and answer clocks start here.';

-- Text search on content (CJK too): trigram indexes match any substring of 3+ characters,
-- and ILIKE with fewer characters still works, by scan within the other filters.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA liaison;
CREATE INDEX ticket_content_trgm_idx ON liaison.ticket USING gin (content liaison.gin_trgm_ops);

CREATE TABLE liaison.ticket_event (
    office_id  bigint NOT NULL,
    id         bigint GENERATED ALWAYS AS IDENTITY,
    ticket_id  bigint NOT NULL,
    at         timestamptz NOT NULL,
    actor_id   bigint CONSTRAINT ticket_event_actor_fkey REFERENCES liaison.staff_user (id),
    kind       text NOT NULL,
    from_state text,
    to_state   text NOT NULL,
    payload    jsonb NOT NULL DEFAULT '{}',
    request_id text,
    PRIMARY KEY (office_id, id),
    CONSTRAINT ticket_event_ticket_fkey FOREIGN KEY (office_id, ticket_id) REFERENCES liaison.ticket (office_id, id)
);
CREATE INDEX ticket_event_ticket_idx ON liaison.ticket_event (office_id, ticket_id, id);
COMMENT ON TABLE liaison.ticket_event IS
    'Every transition and note of a ticket (TKT-13: the whole history is kept): who, when, from and to which state, with what.';

CREATE TABLE liaison.ticket_clock (
    office_id      bigint NOT NULL,
    ticket_id      bigint NOT NULL,
    kind           text NOT NULL,
    round          integer NOT NULL DEFAULT 0,
    policy_version bigint NOT NULL,
    started_at     timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    warn_at        timestamptz NOT NULL,
    paused_seconds integer NOT NULL DEFAULT 0,
    paused_since   timestamptz,
    stopped_at     timestamptz,
    outcome        text CONSTRAINT ticket_clock_outcome CHECK (outcome IN ('met', 'breached')),
    margin_seconds integer,
    warned_at      timestamptz,
    PRIMARY KEY (office_id, ticket_id, kind, round),
    CONSTRAINT ticket_clock_ticket_fkey FOREIGN KEY (office_id, ticket_id) REFERENCES liaison.ticket (office_id, id)
);
-- The deadline sweeper's work: running clocks by due time.
CREATE INDEX ticket_clock_running_idx ON liaison.ticket_clock (due_at) WHERE stopped_at IS NULL AND outcome IS NULL;
COMMENT ON TABLE liaison.ticket_clock IS
    'SLA clocks of a ticket (TKT-15): start, due, stop, paused time, met/breached and margin in seconds; round = rework round.';

-- Idempotency-Key of ticket creation: per user, the request's hash and the response it got.
-- Written in the creating transaction, so a failed request leaves no key behind.
CREATE TABLE liaison.idempotency_key (
    user_id      bigint NOT NULL CONSTRAINT idempotency_key_user_fkey REFERENCES liaison.staff_user (id),
    key          text NOT NULL,
    request_hash bytea NOT NULL,
    office_id    bigint NOT NULL,
    ticket_id    bigint NOT NULL,
    response     jsonb NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (user_id, key)
);
CREATE INDEX idempotency_key_created_idx ON liaison.idempotency_key (created_at);
COMMENT ON TABLE liaison.idempotency_key IS 'Idempotency keys of ticket creation: same key and body → the original response.';

ALTER TABLE liaison.ticket_number_counter ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.ticket_number_counter FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.ticket_number_counter
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.ticket ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.ticket FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.ticket
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.ticket_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.ticket_event FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.ticket_event
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.ticket_clock ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.ticket_clock FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.ticket_clock
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

ALTER TABLE liaison.idempotency_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.idempotency_key FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.idempotency_key
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
