-- 0008 notifications (issue 4 item 10): the outbox the deadline sweeper writes when a ticket's
-- clock nears its due time (warning, TKT-15) or passes it (breach), for the people who must act.
-- A recipient gets each (ticket, clock, round, kind) once, so two sweepers cannot double it.

CREATE TABLE liaison.notification (
    office_id    bigint NOT NULL,
    id           bigint GENERATED ALWAYS AS IDENTITY,
    recipient_id bigint NOT NULL CONSTRAINT notification_recipient_fkey REFERENCES liaison.staff_user (id),
    kind         text NOT NULL CONSTRAINT notification_kind CHECK (kind IN ('clock_warning', 'clock_breached')),
    ticket_id    bigint NOT NULL,
    clock        text NOT NULL,
    round        integer NOT NULL,
    due_at       timestamptz NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (office_id, id),
    CONSTRAINT notification_ticket_fkey FOREIGN KEY (office_id, ticket_id) REFERENCES liaison.ticket (office_id, id),
    CONSTRAINT notification_once UNIQUE (office_id, ticket_id, clock, round, kind, recipient_id)
);
CREATE INDEX notification_recipient_idx ON liaison.notification (recipient_id, id DESC);
COMMENT ON TABLE liaison.notification IS
    'Outbox of notifications: a ticket clock about to be due (clock_warning) or past due (clock_breached), per recipient.';

-- The sweeper's candidates: running, unpaused clocks by the next moment they need attention.
CREATE INDEX ticket_clock_attention_idx ON liaison.ticket_clock (least(warn_at, due_at))
    WHERE stopped_at IS NULL AND outcome IS NULL AND paused_since IS NULL;

ALTER TABLE liaison.notification ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.notification FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.notification
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
