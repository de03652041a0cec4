-- 0016 the bi schema's foundation (issue 5, BI-1..3): how BI tools see every office, and the first
-- drill-down views.
--
-- Row-level security forces every office-scoped table, even for their owner, so an owner-rights
-- view in bi would see nothing. A member of liaison_bi sees every office instead: liaison_bi has
-- no privilege on any liaison table, so it reads rows only through the bi views, and through an
-- owner-rights view current_user is still the BI login. Superusers pass as members too; they
-- bypass row-level security anyway.
CREATE OR REPLACE FUNCTION liaison.visible_office(office bigint) RETURNS boolean
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
        SELECT coalesce(current_setting('liaison.actor_scope', true), '') = 'all'
            OR office = ANY (coalesce(nullif(current_setting('liaison.actor_offices', true), ''), '{}')::bigint[])
            OR pg_has_role(current_user, 'liaison_bi', 'MEMBER')
    $$;
COMMENT ON FUNCTION liaison.visible_office(bigint) IS
    'Row-level security: whether the current transaction''s actor may see rows of this office (the BI role sees all, through the bi views only).';
-- Policy expressions run this function as the querying role: the BI role may call it (it reveals nothing).
GRANT EXECUTE ON FUNCTION liaison.visible_office(bigint) TO liaison_bi;

CREATE VIEW bi.sla_breaches AS
SELECT c.office_id, o.code AS office_code, c.ticket_id, t.number AS ticket_number, t.category, t.urgency,
       c.kind AS clock, c.round, c.policy_version, c.started_at, c.due_at, c.stopped_at, c.margin_seconds,
       c.stopped_at IS NULL AS still_running
FROM liaison.ticket_clock c
JOIN liaison.ticket t ON t.office_id = c.office_id AND t.id = c.ticket_id
JOIN liaison.office o ON o.id = c.office_id
WHERE c.outcome = 'breached';
COMMENT ON VIEW bi.sla_breaches IS 'SLA breaches 超时: one row per breached ticket clock (TKT-15), for drill-down from the KPIs.';
COMMENT ON COLUMN bi.sla_breaches.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.sla_breaches.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.sla_breaches.ticket_id IS 'The ticket 信息处理单 (id).';
COMMENT ON COLUMN bi.sla_breaches.ticket_number IS 'The ticket''s readable number, <office>-<yyyyMMdd>-<NNNN>.';
COMMENT ON COLUMN bi.sla_breaches.category IS 'Ticket category 类别: complaint, help, inquiry, engineering, security, fire, cleaning, suggestion, praise.';
COMMENT ON COLUMN bi.sla_breaches.urgency IS 'Urgency 紧急程度: emergency or normal.';
COMMENT ON COLUMN bi.sla_breaches.clock IS 'The clock 时限: entry, dispatch, emergency_report, on_site, appointment_call, plan, supervisor_escalation, answer, return_visit, special_return_visit, solution.';
COMMENT ON COLUMN bi.sla_breaches.round IS 'Processing round: 0 first, 1+ rework rounds 返工.';
COMMENT ON COLUMN bi.sla_breaches.policy_version IS 'The SLA policy version the clock was measured against (0 = seed defaults).';
COMMENT ON COLUMN bi.sla_breaches.started_at IS 'When the clock started.';
COMMENT ON COLUMN bi.sla_breaches.due_at IS 'When it was due (paused time added).';
COMMENT ON COLUMN bi.sla_breaches.stopped_at IS 'When it stopped; NULL while it still runs past due.';
COMMENT ON COLUMN bi.sla_breaches.margin_seconds IS 'Due minus stop in seconds (negative: how late); NULL while it still runs.';
COMMENT ON COLUMN bi.sla_breaches.still_running IS 'True while the late step has not happened yet.';

CREATE VIEW bi.complaint_summary AS
SELECT s.office_id, o.code AS office_code, s.period, s.period_start, s.period_end - 1 AS last_day, s.due_on,
       s.received, s.closed, s.cancelled, s.received - s.closed - s.cancelled AS open, s.for_leadership,
       s.approved_at IS NOT NULL AS published, s.approved_at,
       (coalesce(s.approved_at, now()) AT TIME ZONE c.time_zone)::date > s.due_on AS late
FROM liaison.complaint_summary s
JOIN liaison.office o ON o.id = s.office_id
CROSS JOIN liaison.company c;
COMMENT ON VIEW bi.complaint_summary IS 'Complaint summaries 投诉汇总 (CMP-5): per office, week or month, with approval (= publication) and lateness.';
COMMENT ON COLUMN bi.complaint_summary.office_id IS 'The management office 管理处 (id).';
COMMENT ON COLUMN bi.complaint_summary.office_code IS 'The management office 管理处 (code).';
COMMENT ON COLUMN bi.complaint_summary.period IS 'week (Monday-Sunday) or month, in the company time zone.';
COMMENT ON COLUMN bi.complaint_summary.period_start IS 'First day of the period.';
COMMENT ON COLUMN bi.complaint_summary.last_day IS 'Last day of the period.';
COMMENT ON COLUMN bi.complaint_summary.due_on IS 'Last day to approve it on time (weekly: the Monday after; monthly: the 5th of the next month).';
COMMENT ON COLUMN bi.complaint_summary.received IS 'Complaints 投诉 recorded in the period.';
COMMENT ON COLUMN bi.complaint_summary.closed IS 'Of those, closed when the summary was last compiled.';
COMMENT ON COLUMN bi.complaint_summary.cancelled IS 'Of those, cancelled when the summary was last compiled.';
COMMENT ON COLUMN bi.complaint_summary.open IS 'Of those, still being handled when the summary was last compiled.';
COMMENT ON COLUMN bi.complaint_summary.for_leadership IS 'Of those, against an office manager or involving compensation (CMP-2).';
COMMENT ON COLUMN bi.complaint_summary.published IS 'Approved by the office manager, and so published 公布.';
COMMENT ON COLUMN bi.complaint_summary.approved_at IS 'When it was approved.';
COMMENT ON COLUMN bi.complaint_summary.late IS 'Approved after due_on, or unapproved with due_on past (days in the company time zone).';
