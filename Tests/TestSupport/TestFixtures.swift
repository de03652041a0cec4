import Synchronization
import Domain
import Foundation
import Persistence
import Services

/// Builders for the records tests need, written through the same Services and
/// constraints as production (offices by SQL until their API lands).
public enum TestFixtures {
    /// scrypt at its lowest allowed cost, so tests that log in stay fast.
    public static let hasher = PasswordHasher(logN: 10)
    public static let password = "correct horse battery"

    /// Creates an office as the superuser and returns its id.
    public static func office(code: String, name: String? = nil, suite: String) async throws -> Int64 {
        try await insertReturningID(suite: suite, """
            INSERT INTO liaison.office (code, name) VALUES (\(code), \(name ?? "管理处 \(code)"))
            ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id
            """)
    }

    /// A new office with a unique code starting with `prefix` (upper-case letters): its id and code.
    public static func newOffice(_ prefix: String, suite: String) async throws -> (id: Int64, code: String) {
        let code = prefix + unique("").uppercased().prefix(8)
        return (try await office(code: code, suite: suite), code)
    }

    /// Creates a staff user through `StaffAccountService` (password `TestFixtures.password`).
    @discardableResult
    public static func user(
        _ username: String, roles: Set<Role>, officeCodes: [String] = [], department: String? = nil, database: Database
    ) async throws -> StaffUser {
        try await StaffAccountService(database: database, hasher: hasher).createFromCommandLine(.init(
            username: username, password: password, roles: roles, officeCodes: officeCodes, departmentCode: department))
    }

    /// A recorded ticket (a repair unless told) in the office, written as the superuser (for tests that need any ticket); its id.
    public static func ticket(office: Int64, category: String = "engineering", suite: String) async throws -> Int64 {
        try await insertReturningID(suite: suite, """
            INSERT INTO liaison.ticket (office_id, number, state, source, category, urgency, service_mode, contact_name, content,
                                        received_at, recorded_at, receiver_id)
            SELECT \(office), 'FX-' || \(unique("")), 'recorded', 'owner_call', \(category), 'normal', 'immediate', '张三',
                   '厨房水管漏水', now(), now(), min(id)
            FROM liaison.staff_user RETURNING id
            """)
    }

    /// A fault escalation form of a new ticket of the office, sent to the department with this code (INF-3); its id.
    public static func escalation(office: Int64, department: String, suite: String) async throws -> Int64 {
        let ticket = try await ticket(office: office, suite: suite)
        return try await insertReturningID(suite: suite, """
            INSERT INTO liaison.ticket_escalation (office_id, ticket_id, department_id, reason, escalated_at, escalated_by)
            SELECT \(office), \(ticket), d.id, '需总部处理', now(), t.receiver_id
            FROM liaison.department d, liaison.ticket t WHERE d.code = \(department) AND t.id = \(ticket)
            RETURNING id
            """)
    }

    /// An unapproved monthly complaint summary of September 2026 for the office, with its handling written (CMP-5); its id.
    public static func complaintSummary(office: Int64, suite: String) async throws -> Int64 {
        try await insertReturningID(suite: suite, """
            INSERT INTO liaison.complaint_summary (office_id, period, period_start, period_end, due_on, received, closed, cancelled,
                                                   for_leadership, complaints, handling, prepared_at, prepared_by)
            SELECT \(office), 'month', DATE '2026-09-01', DATE '2026-10-01', DATE '2026-10-05', 0, 0, 0, 0, '[]', '无投诉', now(), min(id)
            FROM liaison.staff_user
            ON CONFLICT (office_id, period, period_start) DO UPDATE SET version = liaison.complaint_summary.version
            RETURNING id
            """)
    }

    /// A ticket of the category completed at `completedAt` (its `complete` history event), written as the superuser
    /// (received by the first staff user, so the suite needs one); its id.
    public static func completedTicket(office: Int64, category: String = "engineering", completedAt: Date, suite: String) async throws -> Int64 {
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        let id: Int64 = try await admin.withConnection { connection in
            let id: Int64 = try await connection.query("""
                INSERT INTO liaison.ticket (office_id, number, state, source, category, urgency, service_mode, contact_name, content,
                                            received_at, recorded_at, receiver_id)
                SELECT \(office), 'FX-' || \(unique("")), 'completed', 'owner_call', \(category), 'normal', 'immediate', '王五',
                       '卫生间漏水', \(completedAt) - interval '1 hour', \(completedAt) - interval '1 hour', min(id)
                FROM liaison.staff_user RETURNING id
                """).single().decode("id")
            try await connection.execute("""
                INSERT INTO liaison.ticket_event (office_id, ticket_id, at, kind, from_state, to_state)
                VALUES (\(office), \(id), \(completedAt), 'complete', 'in_progress', 'completed')
                """)
            return id
        }
        await admin.shutdown()
        return id
    }

    /// An estate of the office whose developer is set (ORG-4), written as the superuser; its id.
    public static func estateWithDeveloper(office: Int64, suite: String) async throws -> Int64 {
        try await insertReturningID(suite: suite, """
            WITH developer AS (INSERT INTO liaison.developer (name) VALUES ('发展商 ' || \(unique(""))) RETURNING id)
            INSERT INTO liaison.estate (office_id, code, name, kind, developer_id)
            SELECT \(office), 'E' || upper(\(unique(""))), '探针花园', 'residential', developer.id FROM developer
            RETURNING id
            """)
    }

    /// A document of a new estate (with an owners' committee) of the office, in the given workflow
    /// state, written as the superuser (created by the first staff user, so the suite needs one); its id.
    /// Quarterly reports cover 2026-Q3 and carry their finance section when `finance` is set.
    public static func document(
        office: Int64, kind: String, status: String = "draft", step: Int? = nil, finance: Bool = false, suite: String
    ) async throws -> Int64 {
        let estate = try await estateWithDeveloper(office: office, suite: suite)
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        let id: Int64 = try await admin.withConnection { connection in
            try await connection.execute("""
                INSERT INTO liaison.owners_committee (office_id, estate_id, name) VALUES (\(office), \(estate), '业委会')
                """)
            return try await connection.query("""
                INSERT INTO liaison.document (office_id, estate_id, kind, period_start, held_on, title, finance_section, status, step,
                                              created_by, created_at)
                SELECT \(office), \(estate), \(kind), CASE WHEN \(kind) = 'committee_minutes' THEN NULL ELSE DATE '2026-07-01' END,
                       CASE WHEN \(kind) = 'committee_minutes' THEN DATE '2026-11-20' END, '探针文件',
                       CASE WHEN \(finance) THEN '财务部分' END, \(status), \(step), min(id), now()
                FROM liaison.staff_user RETURNING id
                """).single().decode("id")
        }
        await admin.shutdown()
        return id
    }

    /// A consulting project (EXT-7) running since 2026-01-01 for a new developer, with one new resident
    /// consultant (CONSULTANT role, CONSULTING department); the ids.
    public static func consultingProject(suite: String) async throws -> (project: Int64, developer: Int64, consultant: Int64) {
        let consultant = try await user(unique("consultant"), roles: [.consultant], department: "CONSULTING", database: try await TestDatabase.appDatabase(suite: suite))
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        let ids: (Int64, Int64) = try await admin.withConnection { connection in
            let row = try await connection.query("""
                WITH developer AS (INSERT INTO liaison.developer (name) VALUES ('发展商 ' || \(unique(""))) RETURNING id),
                project AS (
                    INSERT INTO liaison.consulting_project (name, developer_id, started_on, created_by, created_at)
                    SELECT '顾问项目 ' || \(unique("")), developer.id, DATE '2026-01-01', \(consultant.id), now() FROM developer RETURNING id, developer_id
                ), resident AS (
                    INSERT INTO liaison.consulting_project_consultant (project_id, user_id) SELECT id, \(consultant.id) FROM project
                )
                SELECT id, developer_id FROM project
                """).single()
            return (try row.decode("id"), try row.decode("developer_id"))
        }
        await admin.shutdown()
        return (ids.0, ids.1, consultant.id)
    }

    /// A safety observation area of the office (SAF-2), written as the superuser; its id.
    public static func safetyArea(office: Int64, suite: String) async throws -> Int64 {
        try await insertReturningID(suite: suite, """
            INSERT INTO liaison.safety_area (office_id, name, created_at) VALUES (\(office), '泵房 ' || \(unique("")), now()) RETURNING id
            """)
    }

    /// `count` units of a new building of a new estate of the office (units a sales office sells,
    /// SAL-1), written as the superuser; their ids, in order (numbers 1201, 1202, …).
    public static func units(office: Int64, count: Int, suite: String) async throws -> [Int64] {
        let estate = try await estateWithDeveloper(office: office, suite: suite)
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        let ids: [Int64] = try await admin.withConnection { connection in
            let building: Int64 = try await connection.query("""
                INSERT INTO liaison.building (office_id, estate_id, name) VALUES (\(office), \(estate), '3栋') RETURNING id
                """).single().decode("id")
            return try await connection.query("""
                INSERT INTO liaison.unit (office_id, building_id, number)
                SELECT \(office), \(building), (1200 + n)::text FROM generate_series(1, \(count)) n ORDER BY n RETURNING id
                """).map { try $0.decode("id") }
        }
        await admin.shutdown()
        return ids.sorted()
    }

    /// `count` new units of the office, each with an owner living in it (customers a survey may ask, SRV-3).
    public static func occupiedUnits(office: Int64, count: Int, suite: String) async throws -> [Int64] {
        let ids = try await units(office: office, count: count, suite: suite)
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        try await admin.withConnection { connection in
            try await connection.execute("""
                WITH owners AS (
                    INSERT INTO liaison.owner (office_id, name, note) SELECT \(office), '业主', u::text FROM unnest(\(ids)::bigint[]) AS u RETURNING id, note
                )
                INSERT INTO liaison.unit_occupant (office_id, unit_id, owner_id, relation)
                SELECT \(office), note::bigint, id, 'owner' FROM owners
                """)
        }
        await admin.shutdown()
        return ids
    }

    /// `count` complaints about a unit received at `receivedAt`, written as the superuser (received by the first staff user).
    public static func complaints(office: Int64, unit: Int64, count: Int, receivedAt: Date, suite: String) async throws {
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        try await admin.withConnection { connection in
            try await connection.execute("""
                INSERT INTO liaison.ticket (office_id, number, state, source, category, urgency, service_mode, contact_name, content, unit_id,
                                            received_at, recorded_at, receiver_id)
                SELECT \(office), 'C' || \(unit) || '-' || n || '-' || floor(random() * 1e9)::bigint, 'closed', 'owner_call', 'complaint', 'normal',
                       'immediate', '业主', '投诉', \(unit), \(receivedAt), \(receivedAt), (SELECT min(id) FROM liaison.staff_user)
                FROM generate_series(1, \(count)) n
                """)
        }
        await admin.shutdown()
    }

    /// A survey template (SRV-4) with one scale question per area and a text question, written as the superuser; its id.
    public static func surveyTemplate(suite: String) async throws -> Int64 {
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        let id: Int64 = try await admin.withConnection { connection in
            let id: Int64 = try await connection.query("""
                INSERT INTO liaison.survey_template (name, created_by, created_at)
                SELECT \(unique("问卷")), min(id), now() FROM liaison.staff_user RETURNING id
                """).single().decode("id")
            try await connection.execute("""
                INSERT INTO liaison.survey_template_version (template_id, version, created_by, created_at)
                SELECT \(id), 1, min(id), now() FROM liaison.staff_user
                """)
            try await connection.execute("""
                INSERT INTO liaison.survey_question (template_id, version, position, area, kind, text) VALUES
                    (\(id), 1, 1, 'environment', 'scale', '公共区域保洁'), (\(id), 1, 2, 'security', 'scale', '秩序维护'),
                    (\(id), 1, 3, 'other', 'text', '意见和建议')
                """)
            return id
        }
        await admin.shutdown()
        return id
    }

    /// An open year-end survey campaign of `office` (nil: the company's) on a new template, with nobody asked yet; its id.
    public static func surveyCampaign(office: Int64?, suite: String) async throws -> Int64 {
        let template = try await surveyTemplate(suite: suite)
        return try await insertReturningID(suite: suite, """
            INSERT INTO liaison.survey_campaign (office_id, name, variant, template_id, template_version, opens_on, closes_on, sample_permille,
                                                 key_share_permille, target_permille, seed, complaint_year, created_by, created_at)
            SELECT \(office), '年底调查', 'year_end_full', \(template), 1, DATE '2026-11-16', DATE '2026-11-30', 1000, 0, 300, 'fixture', 2025,
                   min(id), now()
            FROM liaison.staff_user RETURNING id
            """)
    }

    /// `office`'s 2026 community activity plan (INF-6), submitted and waiting for BUSINESS's approval, derived from the
    /// company's published 2026 plan (made once); the plan's id.
    public static func activityPlanInReview(office: Int64, suite: String) async throws -> Int64 {
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        let id: Int64 = try await admin.withConnection { connection in
            try await connection.execute("""
                INSERT INTO liaison.activity_plan (year, title, status, published_at, created_by, created_at)
                SELECT 2026, '公司计划', 'published', now(), min(id), now() FROM liaison.staff_user
                ON CONFLICT ((coalesce(office_id, 0)), year) DO NOTHING
                """)
            return try await connection.query("""
                INSERT INTO liaison.activity_plan (office_id, year, company_plan_id, title, status, step, submitted_at, created_by, created_at)
                SELECT \(office), 2026, c.id, '管理处计划', 'in_review', 0, now(), c.created_by, now()
                FROM liaison.activity_plan c WHERE c.office_id IS NULL AND c.year = 2026 RETURNING id
                """).single().decode("id")
        }
        await admin.shutdown()
        return id
    }

    /// A sale of a new unit of the office reserved on 2026-11-22 for a new buyer, with its small deposit of
    /// 5,000.00 due that day and unpaid (SAL-1), written as the superuser (created by the first staff
    /// user, so the suite needs one); the sale's and the stage's ids.
    public static func reservedSale(office: Int64, suite: String) async throws -> (sale: Int64, stage: Int64) {
        let unit = try await units(office: office, count: 1, suite: suite)[0]
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        let ids: (Int64, Int64) = try await admin.withConnection { connection in
            let row = try await connection.query("""
                WITH buyer AS (
                    INSERT INTO liaison.sales_buyer (office_id, name, phone, created_by, created_at)
                    SELECT \(office), '探针买家', '138', min(id), now() FROM liaison.staff_user RETURNING id, created_by
                ), sale AS (
                    INSERT INTO liaison.sale (office_id, buyer_id, unit_id, status, reserved_on, created_by, created_at)
                    SELECT \(office), buyer.id, \(unit), 'reserved', DATE '2026-11-22', buyer.created_by, now() FROM buyer RETURNING id
                )
                INSERT INTO liaison.sale_payment_stage (office_id, sale_id, kind, sequence, amount_due, due_on)
                SELECT \(office), sale.id, 'small_deposit', 1, 5000, DATE '2026-11-22' FROM sale RETURNING sale_id, id
                """).single()
            return (try row.decode("sale_id"), try row.decode("id"))
        }
        await admin.shutdown()
        return ids
    }

    /// A safety report waiting at its first step (SAF-4/5): the office's monthly summary, or with no
    /// office the company's quarterly bulletin, of a random past period, written as the superuser
    /// (created by the first staff user); its id.
    public static func safetyReportInReview(office: Int64?, suite: String) async throws -> Int64 {
        try await insertReturningID(suite: suite, """
            INSERT INTO liaison.safety_report (office_id, kind, period_start, title, figures, status, step, submitted_at, created_by, created_at)
            SELECT \(office), CASE WHEN \(office)::bigint IS NULL THEN 'quarterly_bulletin' ELSE 'monthly_summary' END,
                   DATE '2026-01-01' - (random() * 100000)::int, '探针报告', '-', 'in_review', 0, now(), min(id), now()
            FROM liaison.staff_user RETURNING id
            """)
    }

    /// An entry of the office's information register (INF-1/2), urgent with an unapproved action report
    /// when `withReport`, written as the superuser (recorded by the first staff user); its id.
    public static func informationEntry(office: Int64, withReport: Bool = false, suite: String) async throws -> Int64 {
        try await insertReturningID(suite: suite, """
            INSERT INTO liaison.information_entry (office_id, direction, source_kind, source, content, urgent, received_at, recorded_by,
                                                   recorded_at, action_report, action_report_by, action_report_at)
            SELECT \(office), 'internal', 'office', '探针', '探针信息', \(withReport), now(), min(id), now(),
                   CASE WHEN \(withReport) THEN '纠正预防措施' END, CASE WHEN \(withReport) THEN min(id) END, CASE WHEN \(withReport) THEN now() END
            FROM liaison.staff_user RETURNING id
            """)
    }

    /// A draft office-wide notice to customers of `office` (INF-4), valid 2026-11-20 .. 2026-12-31 (UTC).
    public static func customerNotice(office: Int64, suite: String) async throws -> Int64 {
        try await insertReturningID(suite: suite, """
            INSERT INTO liaison.customer_notice (office_id, kind, title, body, valid_from, valid_until, created_by, created_at)
            SELECT \(office), 'pest_control', '消杀通知', '本周六上午公共区域消杀', TIMESTAMPTZ '2026-11-20 00:00Z', TIMESTAMPTZ '2026-12-31 00:00Z',
                   min(id), now()
            FROM liaison.staff_user RETURNING id
            """)
    }

    /// An unanswered named letter in the president's mailbox (INF-7), from the first staff user; its id.
    public static func mailboxLetter(suite: String) async throws -> Int64 {
        try await insertReturningID(suite: suite, """
            INSERT INTO liaison.mailbox_letter (submitted_by, category, subject, body, submitted_at)
            SELECT min(id), 'question', '探针', '探针来信', now() FROM liaison.staff_user RETURNING id
            """)
    }

    /// This year's (2026) staff-needs census (INF-7), opened by the first staff user unless it exists; its id.
    public static func staffNeedsCensus(suite: String) async throws -> Int64 {
        try await insertReturningID(suite: suite, """
            INSERT INTO liaison.staff_needs_census (year, title, opens_on, closes_on, opened_by, opened_at)
            SELECT 2026, '2026年员工需求普查', DATE '2026-11-01', DATE '2026-12-31', min(id), now() FROM liaison.staff_user
            ON CONFLICT (year) DO UPDATE SET year = EXCLUDED.year RETURNING id
            """)
    }

    /// Runs one `INSERT … RETURNING id` as the superuser in the suite's database (past row-level security); the id.
    static func insertReturningID(suite: String, _ query: SQLQuery) async throws -> Int64 {
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        do {
            let id: Int64 = try await admin.withConnection { try await $0.query(query).single().decode("id") }
            await admin.shutdown()
            return id
        } catch {
            await admin.shutdown()
            throw error
        }
    }

    /// A unique-enough suffix for usernames and codes within one test run.
    public static func unique(_ prefix: String) -> String {
        prefix + String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }

    /// Counts audit rows matching an action and, optionally, an entity id and a field's new value, as the superuser.
    public static func auditCount(
        action: String, entityID: String? = nil, changed field: String? = nil, to value: String? = nil, suite: String
    ) async throws -> Int {
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(suite), maxConnections: 1)
        let count: Int = try await admin.withConnection { connection in
            try await connection.query("""
                SELECT count(*) AS n FROM audit.event
                WHERE action = \(action) AND (\(entityID)::text IS NULL OR entity_id = \(entityID))
                  AND (\(field)::text IS NULL OR changes -> \(field) ->> 'after' = \(value))
                """).single().decode("n")
        }
        await admin.shutdown()
        return count
    }
}

/// A clock the test moves by hand.
public final class TestClock: Sendable {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_348_800)) {  // 2026-11-22 12:00 UTC
        current = Mutex(start)
    }

    public var now: Date { current.withLock { $0 } }

    public func advance(by seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// The closure Services take.
    public var function: @Sendable () -> Date { { self.now } }
}
