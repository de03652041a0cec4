-- 0023 consulting projects (EXT-7, seed 000 篇2 and 篇4): projects the company advises for a
-- developer, with resident consultants (驻场顾问) who keep a work log every working day, report
-- monthly to the consulting department (咨询部), which answers, and summarize quarterly (the
-- department merges the team's summary with theirs and sends it to the developer); the monthly
-- finance and operations reports go to the developer; deliverables (implementation rules,
-- proposals, plans, …) come back with the developer's receipt and feedback form.
-- Company-level records: only all-offices scopes see them (liaison.visible_office(NULL)).

CREATE TABLE liaison.consulting_project (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name         text NOT NULL CONSTRAINT consulting_project_name_not_blank CHECK (btrim(name) <> ''),
    developer_id bigint NOT NULL CONSTRAINT consulting_project_developer_fkey REFERENCES liaison.developer (id),
    started_on   date NOT NULL,
    ended_on     date,
    created_by   bigint NOT NULL CONSTRAINT consulting_project_creator_fkey REFERENCES liaison.staff_user (id),
    created_at   timestamptz NOT NULL,
    version      integer NOT NULL DEFAULT 1,
    CONSTRAINT consulting_project_dates CHECK (ended_on IS NULL OR ended_on >= started_on)
);
CREATE UNIQUE INDEX consulting_project_name_key ON liaison.consulting_project (lower(name));
COMMENT ON TABLE liaison.consulting_project IS 'Consulting projects 顾问项目 (EXT-7): the company advises a developer; company-level.';

CREATE TABLE liaison.consulting_project_consultant (
    project_id bigint NOT NULL CONSTRAINT consulting_project_consultant_project_fkey REFERENCES liaison.consulting_project (id),
    user_id    bigint NOT NULL CONSTRAINT consulting_project_consultant_user_fkey REFERENCES liaison.staff_user (id),
    PRIMARY KEY (project_id, user_id)
);
COMMENT ON TABLE liaison.consulting_project_consultant IS 'The resident consultants 驻场顾问 of a consulting project (EXT-7).';

CREATE TABLE liaison.consulting_log (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     bigint NOT NULL CONSTRAINT consulting_log_project_fkey REFERENCES liaison.consulting_project (id),
    consultant_id  bigint NOT NULL CONSTRAINT consulting_log_consultant_fkey REFERENCES liaison.staff_user (id),
    work_day       date NOT NULL,
    work           text NOT NULL CONSTRAINT consulting_log_work_not_blank CHECK (btrim(work) <> ''),
    client_contact text NOT NULL DEFAULT '',
    documents      text NOT NULL DEFAULT '',
    recorded_at    timestamptz NOT NULL,
    CONSTRAINT consulting_log_once_a_day UNIQUE (project_id, consultant_id, work_day)
);
COMMENT ON TABLE liaison.consulting_log IS
    'A resident consultant''s work log 工作日志 of one day (EXT-7): the main work, the communication with the client, the documents exchanged.';

CREATE TABLE liaison.consulting_report (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id          bigint NOT NULL CONSTRAINT consulting_report_project_fkey REFERENCES liaison.consulting_project (id),
    kind                text NOT NULL CONSTRAINT consulting_report_kind CHECK (kind IN (
                            'monthly_report', 'quarterly_summary', 'finance_report', 'operations_report')),
    period_start        date NOT NULL,
    body                text NOT NULL CONSTRAINT consulting_report_body_not_blank CHECK (btrim(body) <> ''),
    written_by          bigint NOT NULL CONSTRAINT consulting_report_author_fkey REFERENCES liaison.staff_user (id),
    submitted_at        timestamptz NOT NULL,
    answer_due_on       date,
    answer              text,
    answered_by         bigint CONSTRAINT consulting_report_answerer_fkey REFERENCES liaison.staff_user (id),
    answered_at         timestamptz,
    merged_summary      text,
    delivered_to        text,
    delivered_by        bigint CONSTRAINT consulting_report_deliverer_fkey REFERENCES liaison.staff_user (id),
    delivered_at        timestamptz,
    version             integer NOT NULL DEFAULT 1,
    CONSTRAINT consulting_report_once UNIQUE (project_id, kind, period_start),
    CONSTRAINT consulting_report_answer CHECK (
        (answer IS NULL) = (answered_at IS NULL) AND (answer IS NULL) = (answered_by IS NULL)
        AND (answer IS NULL OR kind = 'monthly_report') AND ((answer_due_on IS NOT NULL) = (kind = 'monthly_report'))),
    CONSTRAINT consulting_report_delivery CHECK (
        (delivered_at IS NULL) = (delivered_by IS NULL) AND (delivered_at IS NULL) = (delivered_to IS NULL)
        AND (delivered_at IS NULL OR kind <> 'monthly_report')
        AND ((merged_summary IS NOT NULL) = (kind = 'quarterly_summary' AND delivered_at IS NOT NULL)))
);
CREATE INDEX consulting_report_project_idx ON liaison.consulting_report (project_id, period_start);
COMMENT ON TABLE liaison.consulting_report IS
    'Consulting reports (EXT-7): monthly reports to the consulting department, which answers them; quarterly summaries it merges and sends to the developer; monthly finance and operations reports to the developer.';

CREATE TABLE liaison.consulting_deliverable (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id       bigint NOT NULL CONSTRAINT consulting_deliverable_project_fkey REFERENCES liaison.consulting_project (id),
    kind             text NOT NULL CONSTRAINT consulting_deliverable_kind CHECK (kind IN (
                         'implementation_rules', 'proposal', 'plan', 'consulting_plan', 'management_design', 'answer_book',
                         'system_documents', 'other')),
    title            text NOT NULL CONSTRAINT consulting_deliverable_title_not_blank CHECK (btrim(title) <> ''),
    delivered_on     date NOT NULL,
    delivered_by     bigint NOT NULL CONSTRAINT consulting_deliverable_deliverer_fkey REFERENCES liaison.staff_user (id),
    recorded_at      timestamptz NOT NULL,
    receipt_on       date,
    receipt_by       text,
    feedback_rating  integer CONSTRAINT consulting_deliverable_rating CHECK (feedback_rating BETWEEN 1 AND 5),
    feedback         text,
    receipt_recorded_by bigint CONSTRAINT consulting_deliverable_receipt_recorder_fkey REFERENCES liaison.staff_user (id),
    version          integer NOT NULL DEFAULT 1,
    CONSTRAINT consulting_deliverable_receipt CHECK (
        (receipt_on IS NULL) = (receipt_by IS NULL) AND (receipt_on IS NULL) = (receipt_recorded_by IS NULL)
        AND (receipt_on IS NULL OR receipt_on >= delivered_on)
        AND (receipt_on IS NOT NULL OR (feedback_rating IS NULL AND feedback IS NULL)))
);
CREATE INDEX consulting_deliverable_project_idx ON liaison.consulting_deliverable (project_id, delivered_on);
COMMENT ON TABLE liaison.consulting_deliverable IS
    'What the company delivers to the developer (EXT-7: 实施细则, 建议书, 方案, 咨询规划, 物业管理规划与设计, 答疑书, 体系文件样本), with the returned receipt 回执 and feedback form 意见调查表.';

-- Company-level: visible_office(NULL) holds only for an all-offices scope, so an office role never sees a row.
ALTER TABLE liaison.consulting_project ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.consulting_project FORCE ROW LEVEL SECURITY;
CREATE POLICY company_level ON liaison.consulting_project
    USING (liaison.visible_office(NULL)) WITH CHECK (liaison.visible_office(NULL));
ALTER TABLE liaison.consulting_project_consultant ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.consulting_project_consultant FORCE ROW LEVEL SECURITY;
CREATE POLICY company_level ON liaison.consulting_project_consultant
    USING (liaison.visible_office(NULL)) WITH CHECK (liaison.visible_office(NULL));
ALTER TABLE liaison.consulting_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.consulting_log FORCE ROW LEVEL SECURITY;
CREATE POLICY company_level ON liaison.consulting_log
    USING (liaison.visible_office(NULL)) WITH CHECK (liaison.visible_office(NULL));
ALTER TABLE liaison.consulting_report ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.consulting_report FORCE ROW LEVEL SECURITY;
CREATE POLICY company_level ON liaison.consulting_report
    USING (liaison.visible_office(NULL)) WITH CHECK (liaison.visible_office(NULL));
ALTER TABLE liaison.consulting_deliverable ENABLE ROW LEVEL SECURITY;
ALTER TABLE liaison.consulting_deliverable FORCE ROW LEVEL SECURITY;
CREATE POLICY company_level ON liaison.consulting_deliverable
    USING (liaison.visible_office(NULL)) WITH CHECK (liaison.visible_office(NULL));

-- One row per project and month from its start to this month (or its end): is the reporting complete?
CREATE VIEW bi.consulting_monthly AS
SELECT p.id AS project_id, p.name AS project_name, p.developer_id, m.month_start, to_char(m.month_start, 'YYYY-MM') AS label,
       (SELECT count(DISTINCT l.work_day) FROM liaison.consulting_log l
        WHERE l.project_id = p.id AND l.work_day >= m.month_start AND l.work_day < (m.month_start + interval '1 month')::date) AS log_days,
       mr.submitted_at AS monthly_report_submitted_at, mr.answer_due_on AS monthly_report_answer_due_on,
       mr.answered_at AS monthly_report_answered_at,
       CASE WHEN mr.answered_at IS NOT NULL THEN mr.answered_at < ((mr.answer_due_on + 1)::timestamp AT TIME ZONE z.zone) END
           AS monthly_report_answered_on_time,
       fr.delivered_at AS finance_report_delivered_at, orp.delivered_at AS operations_report_delivered_at,
       (SELECT count(*) FROM liaison.consulting_deliverable d
        WHERE d.project_id = p.id AND d.delivered_on >= m.month_start AND d.delivered_on < (m.month_start + interval '1 month')::date)
           AS deliverables,
       (SELECT count(*) FROM liaison.consulting_deliverable d
        WHERE d.project_id = p.id AND d.delivered_on >= m.month_start AND d.delivered_on < (m.month_start + interval '1 month')::date
          AND d.receipt_on IS NOT NULL) AS deliverables_receipted,
       (m.month_start + interval '1 month')::date <= z.today AS closed
FROM liaison.consulting_project p
CROSS JOIN LATERAL (
    SELECT zone, (now() AT TIME ZONE zone)::date AS today FROM (SELECT coalesce((SELECT time_zone FROM liaison.company), 'Asia/Shanghai') AS zone) t
) z
CROSS JOIN LATERAL (
    SELECT s.day::date AS month_start
    FROM generate_series(date_trunc('month', p.started_on)::timestamp, date_trunc('month', least(z.today, coalesce(p.ended_on, z.today)))::timestamp,
                         interval '1 month') AS s(day)
) m
LEFT JOIN liaison.consulting_report mr ON mr.project_id = p.id AND mr.kind = 'monthly_report' AND mr.period_start = m.month_start
LEFT JOIN liaison.consulting_report fr ON fr.project_id = p.id AND fr.kind = 'finance_report' AND fr.period_start = m.month_start
LEFT JOIN liaison.consulting_report orp ON orp.project_id = p.id AND orp.kind = 'operations_report' AND orp.period_start = m.month_start;
COMMENT ON VIEW bi.consulting_monthly IS
    'Consulting projects month by month (EXT-7): days with a work log, the monthly report and its answer, the finance and operations reports sent to the developer, deliverables and their receipts.';
COMMENT ON COLUMN bi.consulting_monthly.project_id IS 'The consulting project (id).';
COMMENT ON COLUMN bi.consulting_monthly.project_name IS 'The consulting project''s name.';
COMMENT ON COLUMN bi.consulting_monthly.developer_id IS 'The developer the company advises (id).';
COMMENT ON COLUMN bi.consulting_monthly.month_start IS 'First day of the month (company time zone).';
COMMENT ON COLUMN bi.consulting_monthly.label IS 'The month''s label, 2026-10.';
COMMENT ON COLUMN bi.consulting_monthly.log_days IS 'Days of the month with at least one resident consultant''s work log.';
COMMENT ON COLUMN bi.consulting_monthly.monthly_report_submitted_at IS 'When the monthly report reached the consulting department; NULL if not yet.';
COMMENT ON COLUMN bi.consulting_monthly.monthly_report_answer_due_on IS 'Last day for the consulting department''s answer (3 working days after submission by default).';
COMMENT ON COLUMN bi.consulting_monthly.monthly_report_answered_at IS 'When the consulting department answered; NULL if not yet.';
COMMENT ON COLUMN bi.consulting_monthly.monthly_report_answered_on_time IS 'Answered by the end of its due day (company time zone); NULL while unanswered.';
COMMENT ON COLUMN bi.consulting_monthly.finance_report_delivered_at IS 'When the month''s finance report went to the developer; NULL if not yet.';
COMMENT ON COLUMN bi.consulting_monthly.operations_report_delivered_at IS 'When the month''s operations report went to the developer; NULL if not yet.';
COMMENT ON COLUMN bi.consulting_monthly.deliverables IS 'Deliverables handed to the developer in the month.';
COMMENT ON COLUMN bi.consulting_monthly.deliverables_receipted IS 'Of those, how many came back with the developer''s receipt.';
COMMENT ON COLUMN bi.consulting_monthly.closed IS 'The month is over.';
