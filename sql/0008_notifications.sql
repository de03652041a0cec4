-- 0008 notifications (issue 4 item 10): the outbox the deadline sweeper writes when a ticket's
-- clock nears its due time (warning, TKT-15) or passes it (breach), and recording writes when a
-- complaint must go to company leadership (CMP-2), for the people who must act.
-- A recipient gets each (ticket, clock, round, kind) once, so two sweepers cannot double it.

CREATE TABLE liaison.notification (
    office_id    bigint NOT NULL,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    recipient_id bigint NOT NULL CONSTRAINT notification_recipient_fkey REFERENCES liaison.staff_user (id),
    kind         text NOT NULL CONSTRAINT notification_kind CHECK (kind IN ('clock_warning', 'clock_breached', 'leadership_complaint')),
    ticket_id    bigint NOT NULL,
    clock        text,
    round        integer,
    due_at       timestamptz,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (office_id, id),
    CONSTRAINT notification_ticket_fkey FOREIGN KEY (office_id, ticket_id) REFERENCES liaison.ticket (office_id, id),
    CONSTRAINT notification_once UNIQUE NULLS NOT DISTINCT (office_id, ticket_id, clock, round, kind, recipient_id),
    CONSTRAINT notification_clock CHECK ((kind LIKE 'clock_%') = (clock IS NOT NULL AND round IS NOT NULL AND due_at IS NOT NULL))
);
CREATE INDEX notification_recipient_idx ON liaison.notification (recipient_id, id DESC);
COMMENT ON TABLE liaison.notification IS
    'Outbox of notifications per recipient: a ticket clock about to be due (clock_warning) or past due (clock_breached), a complaint for leadership (leadership_complaint, CMP-2).';

-- The sweeper's candidates: running, unpaused clocks by the next moment they need attention.
CREATE INDEX ticket_clock_attention_idx ON liaison.ticket_clock (least(warn_at, due_at))
    WHERE stopped_at IS NULL AND outcome IS NULL AND paused_since IS NULL;

ALTER TABLE liaison.notification ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.notification FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.notification
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
