-- 0011 fault escalation forms (INF-3, TKT-9) and complaints' corrective action (CMP-3, CMP-4).

-- A fault escalation form 故障转呈单: an office hands a ticket it cannot solve to an HQ department,
-- which commits to a completion time and answers back. One row per escalation of a ticket.
CREATE TABLE liaison.ticket_escalation (
    office_id       bigint NOT NULL,
    id              bigint GENERATED ALWAYS AS IDENTITY,
    ticket_id       bigint NOT NULL,
    department_id   bigint NOT NULL CONSTRAINT ticket_escalation_department_fkey REFERENCES liaison.department (id),
    reason          text NOT NULL CONSTRAINT ticket_escalation_reason_not_blank CHECK (btrim(reason) <> ''),
    escalated_at    timestamptz NOT NULL,
    escalated_by    bigint NOT NULL CONSTRAINT ticket_escalation_escalated_by_fkey REFERENCES liaison.staff_user (id),
    complete_by     timestamptz,
    committed_at    timestamptz,
    committed_by    bigint CONSTRAINT ticket_escalation_committed_by_fkey REFERENCES liaison.staff_user (id),
    answer          text,
    answered_at     timestamptz,
    answered_by     bigint CONSTRAINT ticket_escalation_answered_by_fkey REFERENCES liaison.staff_user (id),
    PRIMARY KEY (office_id, id),
    CONSTRAINT ticket_escalation_ticket_fkey FOREIGN KEY (office_id, ticket_id) REFERENCES liaison.ticket (office_id, id),
    CONSTRAINT ticket_escalation_commitment CHECK ((complete_by IS NULL) = (committed_at IS NULL) AND (committed_at IS NULL) = (committed_by IS NULL)),
    CONSTRAINT ticket_escalation_answer CHECK ((answer IS NULL) = (answered_at IS NULL) AND (answered_at IS NULL) = (answered_by IS NULL)),
    CONSTRAINT ticket_escalation_answer_after_commitment CHECK (answered_at IS NULL OR committed_at IS NOT NULL)
);
CREATE INDEX ticket_escalation_id_idx ON liaison.ticket_escalation (id);
-- A department's inbox: what it has not answered yet, oldest first.
CREATE INDEX ticket_escalation_department_idx ON liaison.ticket_escalation (department_id, id) WHERE answered_at IS NULL;
CREATE INDEX ticket_escalation_ticket_idx ON liaison.ticket_escalation (office_id, ticket_id);
COMMENT ON TABLE liaison.ticket_escalation IS
    'Fault escalation forms (故障转呈单, INF-3): a ticket an office cannot solve, sent to an HQ department, which commits to a completion time (complete_by) and answers.';

ALTER TABLE liaison.ticket_escalation ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.ticket_escalation FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.ticket_escalation
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));

-- A complaint's corrective action (CMP-3/4): QUALITY's corrective plan, the office's
-- implementation, QUALITY's return visit, and for a major complaint the corrective action
-- report 纠正措施报告, which once published is readable company-wide.
CREATE TABLE liaison.corrective_action (
    office_id          bigint NOT NULL,
    ticket_id          bigint NOT NULL,
    -- Copied so a published report names its complaint where the ticket itself is not visible.
    ticket_number      text NOT NULL,
    major              boolean NOT NULL DEFAULT false,
    plan               text NOT NULL CONSTRAINT corrective_action_plan_not_blank CHECK (btrim(plan) <> ''),
    planned_at         timestamptz NOT NULL,
    planned_by         bigint NOT NULL CONSTRAINT corrective_action_planned_by_fkey REFERENCES liaison.staff_user (id),
    implementation     text,
    implemented_at     timestamptz,
    implemented_by     bigint CONSTRAINT corrective_action_implemented_by_fkey REFERENCES liaison.staff_user (id),
    verification       text,
    verified_effective boolean,
    verified_at        timestamptz,
    verified_by        bigint CONSTRAINT corrective_action_verified_by_fkey REFERENCES liaison.staff_user (id),
    report_nonconformity text,
    report_cause       text,
    report_action      text,
    report_effect      text,
    published_at       timestamptz,
    published_by       bigint CONSTRAINT corrective_action_published_by_fkey REFERENCES liaison.staff_user (id),
    version            integer NOT NULL DEFAULT 1,
    PRIMARY KEY (office_id, ticket_id),
    CONSTRAINT corrective_action_ticket_fkey FOREIGN KEY (office_id, ticket_id) REFERENCES liaison.ticket (office_id, id),
    CONSTRAINT corrective_action_implementation CHECK ((implementation IS NULL) = (implemented_at IS NULL)),
    CONSTRAINT corrective_action_verification CHECK ((verified_at IS NULL) = (verified_effective IS NULL)),
    CONSTRAINT corrective_action_verified_after_implemented CHECK (verified_at IS NULL OR implemented_at IS NOT NULL),
    CONSTRAINT corrective_action_report CHECK ((published_at IS NULL) = (report_action IS NULL))
);
CREATE INDEX corrective_action_published_idx ON liaison.corrective_action (published_at DESC) WHERE published_at IS NOT NULL;
COMMENT ON TABLE liaison.corrective_action IS
    'A complaint''s corrective action (CMP-3/4): QUALITY''s plan, the office''s implementation, QUALITY''s verifying return visit, and the corrective action report of a major complaint.';
COMMENT ON COLUMN liaison.corrective_action.published_at IS
    'When the corrective action report was announced company-wide (CMP-4); from then on every staff scope reads the row.';

ALTER TABLE liaison.corrective_action ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.corrective_action FORCE ROW LEVEL SECURITY;
CREATE POLICY office_isolation ON liaison.corrective_action
    USING (liaison.visible_office(office_id)) WITH CHECK (liaison.visible_office(office_id));
-- CMP-4: a published report is announced to all staff, so any actor scope reads it (reads only:
-- writing still needs the office).
CREATE POLICY published_reports ON liaison.corrective_action FOR SELECT
    USING (published_at IS NOT NULL AND coalesce(current_setting('liaison.actor_scope', true), '') <> '');

-- Notifications for escalations: the department is told when a form arrives, the office when it is answered.
ALTER TABLE liaison.notification DROP CONSTRAINT notification_kind;
ALTER TABLE liaison.notification ADD CONSTRAINT notification_kind CHECK (kind IN (
    'clock_warning', 'clock_breached', 'leadership_complaint', 'escalation_received', 'escalation_answered'));
