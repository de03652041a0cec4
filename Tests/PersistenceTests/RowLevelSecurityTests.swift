import Persistence
import TestSupport
import Testing

/// Office isolation enforced by PostgreSQL itself (ORG-5), as the application role.
@Suite("Row-level security on office-scoped tables")
struct RowLevelSecurityTests {
    static let suite = "row_security"
    /// Tables with an office_id that are deliberately not row-secured, and why.
    static let exempt: Set<String> = [
        "staff_user_office",  // memberships: read at login, before any actor scope exists
        "notice_feed",  // public feed key digests (INF-4): resolved before any actor scope exists, then narrowed to the office
        "survey_link",  // one-time survey link digests (SRV-3): resolved before any actor scope exists, then narrowed to the office
    ]

    struct Offices { let a: Int64; let b: Int64 }

    /// Two offices with an estate, a building and a unit each, written as the superuser.
    static func seed() async throws -> Offices {
        let url = try await TestDatabase.forSuite(suite, setup: """
            INSERT INTO liaison.office (code, name) VALUES ('RLSA', 'A'), ('RLSB', 'B');
            INSERT INTO liaison.estate (office_id, code, name, kind)
                SELECT id, 'E' || code, 'Estate ' || code, 'residential' FROM liaison.office WHERE code IN ('RLSA', 'RLSB');
            INSERT INTO liaison.building (office_id, estate_id, name) SELECT office_id, id, '1' FROM liaison.estate;
            INSERT INTO liaison.unit (office_id, building_id, number) SELECT office_id, id, '101' FROM liaison.building;
            INSERT INTO liaison.responsibility (office_id, category, team)
                SELECT id, 'complaint', 'customer_service' FROM liaison.office WHERE code IN ('RLSA', 'RLSB');
            INSERT INTO liaison.owner (office_id, name) SELECT id, 'Owner ' || code FROM liaison.office WHERE code IN ('RLSA', 'RLSB');
            INSERT INTO liaison.unit_occupant (office_id, unit_id, owner_id, relation)
                SELECT u.office_id, u.id, o.id, 'owner' FROM liaison.unit u JOIN liaison.owner o ON o.office_id = u.office_id;
            INSERT INTO liaison.owners_committee (office_id, estate_id, name) SELECT office_id, id, '业委会' FROM liaison.estate;
            INSERT INTO liaison.committee_member (office_id, estate_id, position, name, role)
                SELECT office_id, estate_id, 0, 'Chair', 'chair' FROM liaison.owners_committee;
            INSERT INTO liaison.staff_user (username, display_name, password_hash) VALUES ('rls-desk', 'Desk', 'x');
            INSERT INTO liaison.sla_policy (office_id, appointment_arrival_lead_seconds, created_at, created_by)
                SELECT o.id, 180, now(), u.id FROM liaison.office o, liaison.staff_user u
                WHERE o.code IN ('RLSA', 'RLSB') AND u.username = 'rls-desk';
            INSERT INTO liaison.ticket_number_counter (office_id, day, last)
                SELECT id, current_date, 1 FROM liaison.office WHERE code IN ('RLSA', 'RLSB');
            INSERT INTO liaison.ticket (office_id, number, state, source, category, urgency, service_mode, contact_name, content,
                                        received_at, recorded_at, receiver_id)
                SELECT o.id, o.code || '-1', 'recorded', 'owner_call', 'engineering', 'normal', 'immediate', '张三', '漏水',
                       now(), now(), u.id
                FROM liaison.office o, liaison.staff_user u WHERE o.code IN ('RLSA', 'RLSB') AND u.username = 'rls-desk';
            INSERT INTO liaison.ticket_event (office_id, ticket_id, at, kind, to_state)
                SELECT office_id, id, now(), 'record', 'recorded' FROM liaison.ticket;
            INSERT INTO liaison.ticket_clock (office_id, ticket_id, kind, policy_version, started_at, due_at, warn_at)
                SELECT office_id, id, 'dispatch', 0, now(), now(), now() FROM liaison.ticket;
            INSERT INTO liaison.idempotency_key (user_id, key, request_hash, office_id, ticket_id, response, created_at)
                SELECT receiver_id, number, '\\x00', office_id, id, '{}', now() FROM liaison.ticket;
            INSERT INTO liaison.notification (office_id, recipient_id, kind, ticket_id, clock, round, due_at, created_at)
                SELECT office_id, receiver_id, 'clock_breached', id, 'dispatch', 0, now(), now() FROM liaison.ticket;
            INSERT INTO liaison.return_visit_sample (office_id, week_start, rate, population, created_at, created_by)
                SELECT DISTINCT office_id, DATE '2026-11-16', 0.2, 1, now(), receiver_id FROM liaison.ticket;
            INSERT INTO liaison.return_visit_sample_item (office_id, sample_id, ticket_id)
                SELECT s.office_id, s.id, t.id FROM liaison.return_visit_sample s JOIN liaison.ticket t ON t.office_id = s.office_id;
            INSERT INTO liaison.service_item (office_id, code, name, unit, price, created_at, updated_at)
                SELECT id, 'PIPE', '换水管', '次', 50, now(), now() FROM liaison.office WHERE code IN ('RLSA', 'RLSB');
            INSERT INTO liaison.ticket_plan (office_id, ticket_id, round, description, work_time, total, planned_at, planned_by)
                SELECT office_id, id, 0, '换水管', '今天', 50, now(), receiver_id FROM liaison.ticket;
            INSERT INTO liaison.ticket_plan_item (office_id, ticket_id, round, line, service_item_id, code, name, unit, unit_price, quantity, amount)
                SELECT p.office_id, p.ticket_id, 0, 1, s.id, s.code, s.name, s.unit, s.price, 1, s.price
                FROM liaison.ticket_plan p JOIN liaison.service_item s ON s.office_id = p.office_id;
            INSERT INTO liaison.ticket_escalation (office_id, ticket_id, department_id, reason, escalated_at, escalated_by)
                SELECT t.office_id, t.id, d.id, '需总部处理', now(), t.receiver_id FROM liaison.ticket t, liaison.department d
                WHERE d.code = 'ENGINEERING';
            -- Unpublished: a published report is company-wide by design (CMP-4, CorrectiveActionEndpointTests).
            INSERT INTO liaison.corrective_action (office_id, ticket_id, ticket_number, plan, planned_at, planned_by)
                SELECT office_id, id, number, '整改', now(), receiver_id FROM liaison.ticket;
            INSERT INTO liaison.complaint_summary (office_id, period, period_start, period_end, due_on, received, closed, cancelled,
                                                   for_leadership, complaints, prepared_at, prepared_by)
                SELECT office_id, 'month', DATE '2026-10-01', DATE '2026-11-01', DATE '2026-11-05', 1, 0, 0, 0, '[]', now(), receiver_id
                FROM liaison.ticket;
            INSERT INTO liaison.ticket_signature (office_id, ticket_id, round, signer_name, signed_at, media_type, image)
                SELECT office_id, id, 0, '张三', now(), 'image/png', '\\x89504e47' FROM liaison.ticket;
            INSERT INTO liaison.defect_check (office_id, ticket_id, defect, sequence, due_on)
                SELECT office_id, id, 'roof_leak', 1, current_date + 7 FROM liaison.ticket;
            INSERT INTO liaison.developer (name) VALUES ('RLS 发展商');
            UPDATE liaison.estate SET developer_id = (SELECT id FROM liaison.developer WHERE name = 'RLS 发展商');
            INSERT INTO liaison.communication_record (office_id, estate_id, party, developer_id, channel, occurred_at, counterparts,
                                                      summary, recorded_by, recorded_at)
                SELECT e.office_id, e.id, 'developer', e.developer_id, 'phone', now(), '李经理', '交房进度', u.id, now()
                FROM liaison.estate e, liaison.staff_user u WHERE u.username = 'rls-desk';
            INSERT INTO liaison.outgoing_document (office_id, estate_id, recipient, subject, channel, copy_text, signed_by, signed_at)
                SELECT e.office_id, e.id, '发展商', '复函', 'letter', '复函全文', u.id, now()
                FROM liaison.estate e, liaison.staff_user u WHERE u.username = 'rls-desk';
            INSERT INTO liaison.developer_matter (office_id, estate_id, developer_id, kind, subject, received_at, due_on, recorded_by)
                SELECT e.office_id, e.id, e.developer_id, 'developer_letter', '来函', now(), current_date + 3, u.id
                FROM liaison.estate e, liaison.staff_user u WHERE u.username = 'rls-desk';
            INSERT INTO liaison.document (office_id, estate_id, kind, period_start, title, status, published_at, created_by, created_at)
                SELECT e.office_id, e.id, 'quarterly_report', DATE '2026-07-01', '报告', 'published', now(), u.id, now()
                FROM liaison.estate e, liaison.staff_user u WHERE u.username = 'rls-desk';
            INSERT INTO liaison.document_decision (office_id, document_id, sequence, decision, from_status, to_status, actor_id, at)
                SELECT office_id, id, 1, 'publish', 'approved', 'published', created_by, now() FROM liaison.document;
            INSERT INTO liaison.document_question (office_id, document_id, asked_by, question, asked_at)
                SELECT office_id, id, '业主', '物业费?', now() FROM liaison.document;
            INSERT INTO liaison.meeting (office_id, type_code, title, scheduled_at, agenda_due_on, minutes_due_on, created_by, created_at)
                SELECT o.id, 'office_morning', '早会', now(), current_date, current_date + 3, u.id, now()
                FROM liaison.office o, liaison.staff_user u WHERE o.code IN ('RLSA', 'RLSB') AND u.username = 'rls-desk';
            INSERT INTO liaison.meeting_attendance (meeting_id, office_id, position, name, signed_in_at)
                SELECT id, office_id, 1, '张三', now() FROM liaison.meeting;
            INSERT INTO liaison.meeting_resolution (meeting_id, office_id, text, responsible_id, due_on)
                SELECT id, office_id, '修复门禁', created_by, current_date + 7 FROM liaison.meeting;
            INSERT INTO liaison.meeting_invitation (office_id, meeting_id, name) SELECT office_id, id, '王业主' FROM liaison.meeting;
            INSERT INTO liaison.meeting_opinion (office_id, meeting_id, area, opinion, recorded_at)
                SELECT office_id, id, 'security', '门禁常坏', now() FROM liaison.meeting;
            INSERT INTO liaison.rectification_item (office_id, meeting_id, problem, location, measure, expected_on)
                SELECT office_id, id, '门禁故障', '东门', '更换读卡器', current_date + 14 FROM liaison.meeting;
            INSERT INTO liaison.meeting_budget_item (office_id, meeting_id, position, item, quantity, unit_price)
                SELECT office_id, id, 1, '读卡器', 2, 380.50 FROM liaison.meeting;
            INSERT INTO liaison.safety_deviation (office_id, clause, deviation, reasons, starts_on, ends_on, approved_by, approved_at)
                SELECT o.id, '5.4.1', '偏离', '理由', current_date, current_date + 30, u.id, now()
                FROM liaison.office o, liaison.staff_user u WHERE o.code IN ('RLSA', 'RLSB') AND u.username = 'rls-desk';
            INSERT INTO liaison.safety_area (office_id, name, created_at) SELECT id, '泵房', now() FROM liaison.office WHERE code IN ('RLSA', 'RLSB');
            INSERT INTO liaison.safety_team (office_id, name, leader_id, member_ids, created_at)
                SELECT o.id, '一组', u.id, ARRAY[u.id, u.id + 1000000], now()
                FROM liaison.office o, liaison.staff_user u WHERE o.code IN ('RLSA', 'RLSB') AND u.username = 'rls-desk';
            INSERT INTO liaison.safety_shift (office_id, code, name, leader_id, created_at)
                SELECT o.id, 'day', '白班', u.id, now()
                FROM liaison.office o, liaison.staff_user u WHERE o.code IN ('RLSA', 'RLSB') AND u.username = 'rls-desk';
            INSERT INTO liaison.safety_time_slot (office_id, name, starts_at, ends_at, created_at)
                SELECT id, '上午', '08:00', '12:00', now() FROM liaison.office WHERE code IN ('RLSA', 'RLSB');
            INSERT INTO liaison.safety_plan (office_id, year, created_by, created_at, updated_at)
                SELECT o.id, 2027, u.id, now(), now() FROM liaison.office o, liaison.staff_user u
                WHERE o.code IN ('RLSA', 'RLSB') AND u.username = 'rls-desk';
            INSERT INTO liaison.safety_plan_item (plan_id, office_id, position, month, area_id, time_slot_id, shift_id)
                SELECT p.id, p.office_id, 1, 1, a.id, t.id, s.id FROM liaison.safety_plan p
                JOIN liaison.safety_area a ON a.office_id = p.office_id JOIN liaison.safety_time_slot t ON t.office_id = p.office_id
                JOIN liaison.safety_shift s ON s.office_id = p.office_id;
            INSERT INTO liaison.safety_report (office_id, kind, period_start, title, figures, created_by, created_at)
                SELECT o.id, 'monthly_summary', DATE '2026-11-01', '小结', '-', u.id, now() FROM liaison.office o, liaison.staff_user u
                WHERE o.code IN ('RLSA', 'RLSB') AND u.username = 'rls-desk';
            INSERT INTO liaison.safety_report_decision (report_id, office_id, sequence, decision, from_status, to_status, actor_id, decided_at)
                SELECT id, office_id, 1, 'submit', 'draft', 'in_review', created_by, now() FROM liaison.safety_report;
            INSERT INTO liaison.information_entry (office_id, direction, source_kind, source, content, received_at, recorded_by, recorded_at)
                SELECT o.id, 'internal', 'office', '工程组', '信息', now(), u.id, now() FROM liaison.office o, liaison.staff_user u
                WHERE o.code IN ('RLSA', 'RLSB') AND u.username = 'rls-desk';
            INSERT INTO liaison.customer_notice (office_id, kind, title, body, valid_from, valid_until, created_by, created_at)
                SELECT o.id, 'event', '活动通知', '周六游园', now(), now() + interval '1 day', u.id, now() FROM liaison.office o, liaison.staff_user u
                WHERE o.code IN ('RLSA', 'RLSB') AND u.username = 'rls-desk';
            -- An office campaign of each office (SRV-3) with its unit asked and an answer.
            INSERT INTO liaison.survey_template (name, created_by, created_at) SELECT 'RLS 问卷', id, now() FROM liaison.staff_user WHERE username = 'rls-desk';
            INSERT INTO liaison.survey_template_version (template_id, version, created_by, created_at) SELECT id, 1, created_by, now() FROM liaison.survey_template WHERE name = 'RLS 问卷';
            INSERT INTO liaison.survey_question (template_id, version, position, area, kind, text) SELECT id, 1, 1, 'environment', 'scale', '保洁' FROM liaison.survey_template WHERE name = 'RLS 问卷';
            INSERT INTO liaison.survey_campaign (office_id, name, variant, template_id, template_version, opens_on, closes_on, sample_permille,
                                                 key_share_permille, target_permille, seed, complaint_year, created_by, created_at)
                SELECT o.id, '调查', 'year_end_full', t.id, 1, DATE '2026-12-01', DATE '2026-12-20', 1000, 0, 300, 's', 2025, t.created_by, now()
                FROM liaison.office o, liaison.survey_template t WHERE o.code IN ('RLSA', 'RLSB') AND t.name = 'RLS 问卷';
            INSERT INTO liaison.survey_respondent (campaign_id, office_id, unit_id, reason, complaints, draw_position, responded_at, channel, entered_by)
                SELECT c.id, c.office_id, u.id, 'full', 0, 1, now(), 'paper', c.created_by
                FROM liaison.survey_campaign c JOIN liaison.unit u ON u.office_id = c.office_id WHERE c.name = '调查';
            INSERT INTO liaison.survey_answer (respondent_id, office_id, position, score) SELECT id, office_id, 1, 4 FROM liaison.survey_respondent;
            INSERT INTO liaison.survey_follow_up (campaign_id, office_id, respondent_id, mode, opinion, low_score, key_customer, due_on)
                SELECT campaign_id, office_id, id, 'visit', true, false, false, DATE '2026-12-27' FROM liaison.survey_respondent;
            INSERT INTO liaison.attachment (office_id, subject, subject_id, file_name, media_type, byte_size, sha256, content, uploaded_by, uploaded_at)
                SELECT office_id, 'ticket', id, 'a.pdf', 'application/pdf', 5, sha256('%PDF-'::bytea), '%PDF-'::bytea, receiver_id, now() FROM liaison.ticket;
            -- Community culture activities (INF-6): the company plan, each office's plan with an item and a decision, an activity.
            INSERT INTO liaison.activity_plan (year, title, status, published_at, created_by, created_at)
                SELECT 2026, '公司计划', 'published', now(), id, now() FROM liaison.staff_user WHERE username = 'rls-desk';
            INSERT INTO liaison.activity_plan (office_id, year, company_plan_id, title, created_by, created_at)
                SELECT o.id, 2026, p.id, '计划', p.created_by, now() FROM liaison.office o, liaison.activity_plan p
                WHERE o.code IN ('RLSA', 'RLSB') AND p.office_id IS NULL;
            INSERT INTO liaison.activity_plan_item (plan_id, office_id, position, quarter, theme)
                SELECT id, office_id, 1, 4, '迎新春' FROM liaison.activity_plan WHERE office_id IS NOT NULL;
            INSERT INTO liaison.activity_plan_decision (plan_id, office_id, sequence, decision, from_status, to_status, actor_id, decided_at)
                SELECT id, office_id, 1, 'submit', 'draft', 'in_review', created_by, now() FROM liaison.activity_plan WHERE office_id IS NOT NULL;
            INSERT INTO liaison.community_activity (office_id, title, held_on, place, participant_count, created_by, created_at)
                SELECT id, '游园', DATE '2026-11-01', '广场', 10, (SELECT id FROM liaison.staff_user WHERE username = 'rls-desk'), now()
                FROM liaison.office WHERE code IN ('RLSA', 'RLSB');
            INSERT INTO liaison.office_exchange (office_id, kind, held_on, topic, participants, participant_count, recorded_by, recorded_at)
                SELECT id, 'training', DATE '2026-11-01', '培训', '保安', 5, (SELECT id FROM liaison.staff_user WHERE username = 'rls-desk'), now()
                FROM liaison.office WHERE code IN ('RLSA', 'RLSB');
            INSERT INTO liaison.staff_needs_census (year, title, opens_on, closes_on, opened_by, opened_at)
                SELECT 2026, '普查', DATE '2026-11-01', DATE '2026-11-30', id, now() FROM liaison.staff_user WHERE username = 'rls-desk';
            INSERT INTO liaison.staff_need (census_id, office_id, submitted_by, submitted_at, category, content)
                SELECT c.id, o.id, c.opened_by, now(), 'training', '培训' FROM liaison.staff_needs_census c, liaison.office o
                WHERE o.code IN ('RLSA', 'RLSB');
            INSERT INTO liaison.stop_card (office_id, kind, observer_id, area_id, observed_at, recorded_at)
                SELECT a.office_id, 'random', u.id, a.id, now(), now() FROM liaison.safety_area a, liaison.staff_user u WHERE u.username = 'rls-desk';
            INSERT INTO liaison.stop_card_observation (card_id, office_id, position, category, safe)
                SELECT id, office_id, 1, 'positions', true FROM liaison.stop_card;
            -- A sale (SAL-1) of each office's unit with its buyer, small deposit stage, a payment and a refund.
            INSERT INTO liaison.sales_buyer (office_id, name, phone, created_by, created_at)
                SELECT o.id, '王先生', '138', u.id, now() FROM liaison.office o, liaison.staff_user u
                WHERE o.code IN ('RLSA', 'RLSB') AND u.username = 'rls-desk';
            INSERT INTO liaison.sale (office_id, buyer_id, unit_id, status, reserved_on, created_by, created_at)
                SELECT b.office_id, b.id, min(un.id), 'reserved', current_date, b.created_by, now()
                FROM liaison.sales_buyer b JOIN liaison.unit un ON un.office_id = b.office_id GROUP BY b.office_id, b.id, b.created_by;
            INSERT INTO liaison.sale_payment_stage (office_id, sale_id, kind, sequence, amount_due, due_on)
                SELECT office_id, id, 'small_deposit', 1, 5000, current_date FROM liaison.sale;
            INSERT INTO liaison.sale_payment (office_id, sale_id, stage_id, kind, amount, booked_on, reason, recorded_by, recorded_at)
                SELECT st.office_id, st.sale_id, st.id, k.kind, 100, current_date, CASE WHEN k.kind = 'refund' THEN '退款' END, s.created_by, now()
                FROM liaison.sale_payment_stage st JOIN liaison.sale s ON s.id = st.sale_id, (VALUES ('payment'), ('refund')) k (kind);
            -- A company-level consulting project (EXT-7) with one of each of its records.
            INSERT INTO liaison.consulting_project (name, developer_id, started_on, created_by, created_at)
                SELECT 'RLS 顾问项目', min(d.id), DATE '2026-01-01', min(u.id), now() FROM liaison.developer d, liaison.staff_user u;
            INSERT INTO liaison.consulting_project_consultant (project_id, user_id) SELECT id, created_by FROM liaison.consulting_project;
            INSERT INTO liaison.consulting_log (project_id, consultant_id, work_day, work, recorded_at)
                SELECT id, created_by, DATE '2026-01-05', '日志', now() FROM liaison.consulting_project;
            INSERT INTO liaison.consulting_report (project_id, kind, period_start, body, written_by, submitted_at, answer_due_on)
                SELECT id, 'monthly_report', DATE '2026-01-01', '月报', created_by, now(), DATE '2026-02-04' FROM liaison.consulting_project;
            INSERT INTO liaison.consulting_deliverable (project_id, kind, title, delivered_on, delivered_by, recorded_at)
                SELECT id, 'proposal', '建议书', DATE '2026-01-05', created_by, now() FROM liaison.consulting_project;
            -- The KPI rollups of both offices, then a fresh mark each (the refresh consumed the tickets' marks).
            SELECT liaison.refresh_office_kpi();
            INSERT INTO liaison.kpi_dirty (office_id, day) SELECT id, current_date FROM liaison.office WHERE code IN ('RLSA', 'RLSB');
            """)
        let admin = TestDatabase.adminDatabase(url: url, maxConnections: 1)
        let ids: [Int64] = try await admin.withConnection { connection in
            try await connection.query("SELECT id FROM liaison.office WHERE code IN ('RLSA', 'RLSB') ORDER BY code").map { try $0.decode("id") }
        }
        await admin.shutdown()
        return Offices(a: ids[0], b: ids[1])
    }

    static func scope(_ scope: String, offices: [Int64]) -> TransactionOptions {
        TransactionOptions(settings: [
            TransactionSetting("liaison.actor_scope", scope),
            TransactionSetting("liaison.actor_offices", "{" + offices.map(String.init).joined(separator: ",") + "}"),
        ])
    }

    /// Every table of the liaison schema with an office_id column (from the catalog, not a hand-kept list).
    static func officeScopedTables(_ database: Database) async throws -> [(name: String, forced: Bool)] {
        try await database.withTransaction { tx in
            try await tx.query("""
                SELECT c.relname AS name, c.relforcerowsecurity AND c.relrowsecurity AS forced
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'office_id' AND NOT a.attisdropped
                WHERE n.nspname = 'liaison' AND c.relkind = 'r' ORDER BY c.relname
                """).map { (try $0.decode("name"), try $0.decode("forced")) }
        }
    }

    @Test("every office-scoped table forces row-level security (except the documented exemptions)")
    func everyTableIsForced() async throws {
        _ = try await Self.seed()
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let tables = try await Self.officeScopedTables(database)
        #expect(tables.map(\.name).contains("estate"))
        for table in tables where !Self.exempt.contains(table.name) {
            #expect(table.forced, "\(table.name) must ENABLE and FORCE ROW LEVEL SECURITY")
        }
    }

    @Test("with office A's scope, no table returns an office B row; HQ scope sees both; no scope sees nothing")
    func selectsAreIsolated() async throws {
        let offices = try await Self.seed()
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        for table in try await Self.officeScopedTables(database) where !Self.exempt.contains(table.name) {
            let name = SQLIdentifier(table.name)
            let countOf: @Sendable (TransactionOptions, Int64) async throws -> Int = { options, office in
                try await database.withTransaction(options) { tx in
                    try await tx.query("SELECT count(*) AS n FROM liaison.\(name) WHERE office_id = \(office)").single().decode("n")
                }
            }
            #expect(try await countOf(Self.scope("own", offices: [offices.a]), offices.b) == 0, "\(table.name)")
            #expect(try await countOf(Self.scope("own", offices: [offices.a]), offices.a) >= 1, "\(table.name)")
            #expect(try await countOf(Self.scope("all", offices: []), offices.b) >= 1, "\(table.name)")
            #expect(try await countOf(TransactionOptions(), offices.a) == 0, "\(table.name) without a scope")
        }
    }

    /// Company-level tables (EXT-7 consulting): HQ only, never an office scope (policy `visible_office(NULL)`).
    static let companyLevelTables = [
        "consulting_project", "consulting_project_consultant", "consulting_log", "consulting_report", "consulting_deliverable",
    ]

    @Test("company-level consulting tables (EXT-7): an office scope sees no row and cannot write one; HQ scope sees them")
    func companyLevelTablesAreHQOnly() async throws {
        _ = try await Self.seed()
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        for table in Self.companyLevelTables {
            let name = SQLIdentifier(table)
            let countWith: @Sendable (TransactionOptions) async throws -> Int = { options in
                try await database.withTransaction(options) { tx in
                    try await tx.query("SELECT count(*) AS n FROM liaison.\(name)").single().decode("n")
                }
            }
            #expect(try await countWith(Self.scope("all", offices: [])) >= 1, "\(table)")
            #expect(try await countWith(Self.scope("own", offices: [1, 2, 3])) == 0, "\(table)")
            #expect(try await countWith(TransactionOptions()) == 0, "\(table) without a scope")
        }
        let sneak = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction(Self.scope("own", offices: [1])) { tx in
                try await tx.execute("""
                    INSERT INTO liaison.consulting_project (name, developer_id, started_on, created_by, created_at)
                    SELECT 'sneak', min(d.id), DATE '2026-01-01', min(u.id), now() FROM liaison.developer d, liaison.staff_user u
                    """)
            }
        }
        #expect(sneak?.kind == .insufficientPrivilege)
    }

    @Test("with office A's scope, inserting or moving a row into office B fails")
    func writesAreIsolated() async throws {
        let offices = try await Self.seed()
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let insert = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction(Self.scope("own", offices: [offices.a])) { tx in
                try await tx.execute("""
                    INSERT INTO liaison.estate (office_id, code, name, kind) VALUES (\(offices.b), 'SNEAK', 'x', 'residential')
                    """)
            }
        }
        #expect(insert?.kind == .insufficientPrivilege)
        let move = await #expect(throws: PersistenceError.self) {
            try await database.withTransaction(Self.scope("own", offices: [offices.a])) { tx in
                try await tx.execute("UPDATE liaison.estate SET office_id = \(offices.b) WHERE office_id = \(offices.a)")
            }
        }
        // Moving fails on the composite foreign key of its buildings or on the policy's WITH CHECK.
        #expect(move?.kind == .insufficientPrivilege || move?.kind == .foreignKeyViolation)
        let updated: Int = try await database.withTransaction(Self.scope("own", offices: [offices.a])) { tx in
            try await tx.execute("UPDATE liaison.estate SET name = 'hijacked' WHERE office_id = \(offices.b)")
        }
        #expect(updated == 0)
    }
}
