import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// The audit rule walked across the whole contract: every mutation endpoint in openapi.yaml,
/// called once so that it fails and once so that it succeeds, leaves no audit row for the
/// failure and exactly one (of the expected action) for the success. Adding a mutation endpoint
/// without a step here fails the test, so the rule cannot silently lapse.
@Suite("Audit trail: every mutation endpoint writes one audit row on success and none on failure", .serialized)
struct AuditTrailCoverageTests {
    static let suite = "http_audit_coverage"

    /// The mutation operations (POST, PUT, PATCH, DELETE) that openapi.yaml declares.
    static func mutationOperations() throws -> Set<String> {
        let text = try String(contentsOf: TestDatabase.repositoryRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        var operations: Set<String> = []
        var inMutation = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                inMutation = ["    post:", "    put:", "    patch:", "    delete:"].contains(String(line))
            } else if inMutation, let range = line.range(of: "operationId: ") {
                operations.insert(String(line[range.upperBound...]).trimmingCharacters(in: .whitespaces))
                inMutation = false
            }
        }
        return operations
    }

    /// Mutations whose trail is the ticket's own history rather than `audit.event`: each writes
    /// exactly one `ticket_event` row in its transaction (asserted by TicketEndpointTests for tickets
    /// and escalation forms, CorrectiveActionEndpointTests for corrective actions, DefectCheckEndpointTests for defect checks).
    static let eventSourced: Set<String> = [
        "createTicket", "transitionTicket", "addTicketEvent", "commitEscalation", "answerEscalation", "issueCorrectivePlan",
        "recordCorrectiveImplementation", "verifyCorrectiveAction", "publishCorrectiveReport", "markMajorDefect", "recordDefectCheck",
    ]

    /// POSTs that only read: they carry a secret that must stay out of URLs and access logs (INF-7's receipt key);
    /// PresidentMailboxEndpointTests asserts they leave the audit trail as it was.
    static let readingPosts: Set<String> = ["readMailboxReceipt"]

    /// Calls mutation endpoints and checks the audit rows each call leaves.
    final class Walker: @unchecked Sendable {
        let client: any TestClientProtocol
        let admin: Database
        var headers: HTTPFields
        var covered: Set<String> = []

        init(client: any TestClientProtocol, admin: Database, headers: HTTPFields) {
            self.client = client
            self.admin = admin
            self.headers = headers
        }

        func auditRows() async throws -> (count: Int, lastAction: String?) {
            try await admin.withConnection { connection in
                let row = try await connection.query("""
                    SELECT count(*) AS n, (SELECT action FROM audit.event ORDER BY id DESC LIMIT 1) AS last FROM audit.event
                    """).single()
                return (try row.decode("n"), try row.decode("last"))
            }
        }

        /// A call that must fail (status ≥ 400) and write nothing to the audit trail.
        func fails(
            _ operation: String, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, status: HTTPResponse.Status,
            headers extra: HTTPFields = [:], sourceLocation: SourceLocation = #_sourceLocation
        ) async throws {
            let before = try await auditRows().count
            let actual = try await client.execute(
                uri: uri, method: method, headers: headers + extra, body: body.map { ByteBuffer(string: $0) }
            ) { $0.status }
            #expect(actual == status, "\(operation) failure", sourceLocation: sourceLocation)
            let after = try await auditRows().count
            #expect(after == before, "\(operation) failed but wrote \(after - before) audit rows", sourceLocation: sourceLocation)
        }

        /// A call that must succeed and write exactly one audit row of `action`; returns the response's JSON, if any.
        @discardableResult
        func succeeds(
            _ operation: String, _ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, action: String,
            headers extra: HTTPFields = [:], sourceLocation: SourceLocation = #_sourceLocation
        ) async throws -> [String: Any] {
            let before = try await auditRows().count
            let (status, text) = try await client.execute(
                uri: uri, method: method, headers: headers + extra, body: body.map { ByteBuffer(string: $0) }
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(status.kind == .successful, "\(operation): \(status) \(text)", sourceLocation: sourceLocation)
            let after = try await auditRows()
            #expect(after.count == before + 1, "\(operation) wrote \(after.count - before) audit rows", sourceLocation: sourceLocation)
            #expect(after.lastAction == action, "\(operation)", sourceLocation: sourceLocation)
            covered.insert(operation)
            guard !text.isEmpty, let data = text.data(using: .utf8) else { return [:] }
            return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        }
    }

    static func id(_ json: [String: Any]) throws -> Int64 {
        try #require((json["id"] as? NSNumber)?.int64Value)
    }

    @Test("every mutation endpoint of openapi.yaml: one audit row of its action on success, none on failure")
    func everyMutationIsAudited() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
        let gm = TestFixtures.unique("gm")
        try await TestFixtures.user(gm, roles: [.generalManager], database: database)
        let app = Application(router: try TestApp.router(database: database))
        let stale: HTTPFields = [.ifMatch: "\"v99\""]
        let missing = "999999999"

        try await app.test(.router) { client in
            let walk = Walker(client: client, admin: admin, headers: TestApp.jsonHeaders)
            // Identity: a wrong password is no mutation of the audit trail; a login is.
            try await walk.fails("createSession", .post, "/v1/sessions", #"{"username":"\#(gm)","password":"wrong password"}"#, status: .unauthorized)
            let session = try await walk.succeeds(
                "createSession", .post, "/v1/sessions", #"{"username":"\#(gm)","password":"\#(TestFixtures.password)"}"#, action: "session.create")
            walk.headers = [.authorization: "Bearer \(try #require(session["token"] as? String))", .contentType: "application/json"]
            let newPassword = "another long password 2"
            try await walk.fails("changePassword", .put, "/v1/me/password", #"{"currentPassword":"nope nope nope","newPassword":"\#(newPassword)"}"#, status: .unprocessableContent)
            try await walk.succeeds(
                "changePassword", .put, "/v1/me/password", #"{"currentPassword":"\#(TestFixtures.password)","newPassword":"\#(newPassword)"}"#,
                action: "staff_user.change_password")

            // Company settings and calendar.
            try await walk.fails("updateCompany", .put, "/v1/company", #"{"name":"物业公司","timeZone":"Mars/Olympus"}"#, status: .unprocessableContent)
            try await walk.succeeds("updateCompany", .put, "/v1/company", #"{"name":"审计物业公司","timeZone":"Asia/Shanghai"}"#, action: "company.update")
            try await walk.fails("setCalendarDay", .put, "/v1/calendar-days/2026-12-26", #"{"kind":"holiday"}"#, status: .unprocessableContent)
            try await walk.succeeds("setCalendarDay", .put, "/v1/calendar-days/2026-12-25", #"{"kind":"holiday","name":"测试"}"#, action: "calendar_day.set")
            try await walk.fails("deleteCalendarDay", .delete, "/v1/calendar-days/2026-12-24", status: .notFound)
            try await walk.succeeds("deleteCalendarDay", .delete, "/v1/calendar-days/2026-12-25", action: "calendar_day.delete")

            // The SLA policy (TKT-15): a new version per change.
            try await walk.fails("replaceSLAPolicy", .put, "/v1/sla-policy", #"{"rules":[{"clock":"dispatch","unit":"seconds","amount":0}]}"#, status: .unprocessableContent)
            try await walk.succeeds(
                "replaceSLAPolicy", .put, "/v1/sla-policy", #"{"rules":[{"clock":"dispatch","unit":"seconds","amount":180}]}"#, action: "sla_policy.create")

            // Offices and departments.
            try await walk.fails("createOffice", .post, "/v1/offices", #"{"code":"bad code","name":""}"#, status: .unprocessableContent)
            let office = try Self.id(try await walk.succeeds("createOffice", .post, "/v1/offices", #"{"code":"AUDQ","name":"审计管理处"}"#, action: "office.create"))
            try await walk.fails("updateOffice", .put, "/v1/offices/\(office)", #"{"code":"AUDQ","name":"审计管理处二"}"#, status: .preconditionFailed, headers: stale)
            try await walk.succeeds("updateOffice", .put, "/v1/offices/\(office)", #"{"code":"AUDQ","name":"审计管理处二"}"#, action: "office.update")
            try await walk.fails("archiveOffice", .post, "/v1/offices/\(office)/archive", status: .preconditionFailed, headers: stale)
            try await walk.succeeds("archiveOffice", .post, "/v1/offices/\(office)/archive", action: "office.archive")
            try await walk.fails("restoreOffice", .post, "/v1/offices/\(missing)/restore", status: .notFound)
            try await walk.succeeds("restoreOffice", .post, "/v1/offices/\(office)/restore", action: "office.restore")
            try await walk.fails("createDepartment", .post, "/v1/departments", #"{"code":"","name":"x"}"#, status: .unprocessableContent)
            let department = try Self.id(try await walk.succeeds(
                "createDepartment", .post, "/v1/departments", #"{"code":"AUDIT_DEPT","name":"审计部"}"#, action: "department.create"))
            try await walk.fails("updateDepartment", .put, "/v1/departments/\(department)", #"{"code":"AUDIT_DEPT","name":" "}"#, status: .unprocessableContent)
            try await walk.succeeds("updateDepartment", .put, "/v1/departments/\(department)", #"{"code":"AUDIT_DEPT","name":"内审部"}"#, action: "department.update")
            try await walk.fails("archiveDepartment", .post, "/v1/departments/\(missing)/archive", status: .notFound)
            try await walk.succeeds("archiveDepartment", .post, "/v1/departments/\(department)/archive", action: "department.archive")
            try await walk.fails("restoreDepartment", .post, "/v1/departments/\(department)/restore", status: .preconditionFailed, headers: stale)
            try await walk.succeeds("restoreDepartment", .post, "/v1/departments/\(department)/restore", action: "department.restore")

            // Developers, estates, buildings, units.
            try await walk.fails("createDeveloper", .post, "/v1/developers", #"{"name":""}"#, status: .unprocessableContent)
            let developer = try Self.id(try await walk.succeeds("createDeveloper", .post, "/v1/developers", #"{"name":"审计地产"}"#, action: "developer.create"))
            try await walk.fails("updateDeveloper", .put, "/v1/developers/\(developer)", #"{"name":"审计地产","archived":false}"#, status: .preconditionFailed, headers: stale)
            try await walk.succeeds("updateDeveloper", .put, "/v1/developers/\(developer)", #"{"name":"审计置业","archived":false}"#, action: "developer.update")
            try await walk.fails(
                "createEstate", .post, "/v1/estates", #"{"officeId":\#(office),"code":"AU","name":"","kind":"residential"}"#, status: .unprocessableContent)
            let estate = try Self.id(try await walk.succeeds(
                "createEstate", .post, "/v1/estates", #"{"officeId":\#(office),"code":"AU","name":"审计花园","kind":"residential","developerId":\#(developer)}"#,
                action: "estate.create"))
            try await walk.fails(
                "updateEstate", .put, "/v1/estates/\(estate)", #"{"code":"AU","name":"审计花园","kind":"residential","developerId":\#(missing)}"#,
                status: .unprocessableContent)
            try await walk.succeeds("updateEstate", .put, "/v1/estates/\(estate)", #"{"code":"AU","name":"审计新花园","kind":"residential"}"#, action: "estate.update")
            try await walk.fails("archiveEstate", .post, "/v1/estates/\(estate)/archive", status: .preconditionFailed, headers: stale)
            try await walk.succeeds("archiveEstate", .post, "/v1/estates/\(estate)/archive", action: "estate.archive")
            try await walk.fails("restoreEstate", .post, "/v1/estates/\(missing)/restore", status: .notFound)
            try await walk.succeeds("restoreEstate", .post, "/v1/estates/\(estate)/restore", action: "estate.restore")
            try await walk.fails("createBuilding", .post, "/v1/estates/\(estate)/buildings", #"{"name":" "}"#, status: .unprocessableContent)
            let building = try Self.id(try await walk.succeeds(
                "createBuilding", .post, "/v1/estates/\(estate)/buildings", #"{"name":"1栋"}"#, action: "building.create"))
            try await walk.fails(
                "createUnits", .post, "/v1/buildings/\(building)/units", #"{"units":[{"number":"101"},{"number":"101"}]}"#, status: .unprocessableContent)
            let units = try #require(try await walk.succeeds(
                "createUnits", .post, "/v1/buildings/\(building)/units", #"{"units":[{"number":"101"}]}"#, action: "building.add_units"
            )["items"] as? [[String: Any]])
            let unit = try Self.id(try #require(units.first))
            try await walk.fails("updateBuilding", .put, "/v1/buildings/\(building)", #"{"name":"2栋"}"#, status: .preconditionFailed, headers: stale)
            try await walk.succeeds("updateBuilding", .put, "/v1/buildings/\(building)", #"{"name":"2栋"}"#, action: "building.update")
            try await walk.fails("updateUnit", .put, "/v1/units/\(unit)", #"{"number":""}"#, status: .unprocessableContent)
            try await walk.succeeds("updateUnit", .put, "/v1/units/\(unit)", #"{"number":"101A","floor":1}"#, action: "unit.update")
            try await walk.fails("archiveBuilding", .post, "/v1/buildings/\(building)/archive", status: .conflict)  // an active unit
            try await walk.fails("archiveUnit", .post, "/v1/units/\(missing)/archive", status: .notFound)
            try await walk.succeeds("archiveUnit", .post, "/v1/units/\(unit)/archive", action: "unit.archive")
            try await walk.succeeds("archiveBuilding", .post, "/v1/buildings/\(building)/archive", action: "building.archive")
            try await walk.fails("restoreUnit", .post, "/v1/units/\(unit)/restore", status: .conflict)  // its building is archived
            try await walk.fails("restoreBuilding", .post, "/v1/buildings/\(building)/restore", status: .preconditionFailed, headers: stale)
            try await walk.succeeds("restoreBuilding", .post, "/v1/buildings/\(building)/restore", action: "building.restore")
            try await walk.succeeds("restoreUnit", .post, "/v1/units/\(unit)/restore", action: "unit.restore")

            // Owners and the committee.
            try await walk.fails("createOwner", .post, "/v1/owners", #"{"officeId":\#(office),"name":"张三","units":[{"unitId":\#(missing),"relation":"owner"}]}"#, status: .unprocessableContent)
            let owner = try Self.id(try await walk.succeeds(
                "createOwner", .post, "/v1/owners", #"{"officeId":\#(office),"name":"张三","phone":"13800001111","units":[{"unitId":\#(unit),"relation":"owner"}]}"#,
                action: "owner.create"))
            try await walk.fails("updateOwner", .put, "/v1/owners/\(owner)", #"{"name":"张三丰"}"#, status: .preconditionFailed, headers: stale)
            try await walk.succeeds("updateOwner", .put, "/v1/owners/\(owner)", #"{"name":"张三丰","keyCustomer":true,"units":[{"unitId":\#(unit),"relation":"owner"}]}"#, action: "owner.update")
            try await walk.fails("saveCommittee", .put, "/v1/estates/\(estate)/committee", #"{"name":"业委会","members":[{"name":"张三丰","role":"member"}]}"#, status: .unprocessableContent)
            try await walk.succeeds(
                "saveCommittee", .put, "/v1/estates/\(estate)/committee", #"{"name":"业委会","members":[{"name":"张三丰","role":"chair","ownerId":\#(owner)}]}"#,
                action: "owners_committee.create")
            try await walk.fails("archiveOwner", .post, "/v1/owners/\(missing)/archive", status: .notFound)
            try await walk.succeeds("archiveOwner", .post, "/v1/owners/\(owner)/archive", action: "owner.archive")

            // Return-visit samples (SRV-1): a completed repair of last week is drawn and its result recorded.
            let repair = try await TestFixtures.completedTicket(office: office, completedAt: Date(timeIntervalSince1970: 1_795_348_800 - 2 * 86_400), suite: Self.suite)
            try await walk.fails("drawReturnVisitSamples", .post, "/v1/return-visit-samples", #"{"week":"2027-01-04"}"#, status: .unprocessableContent)
            let samples = try #require(try await walk.succeeds(
                "drawReturnVisitSamples", .post, "/v1/return-visit-samples", #"{"week":"2026-11-20"}"#, action: "return_visit_sample.draw"
            )["items"] as? [[String: Any]])
            let sample = try #require(samples.first { ($0["officeId"] as? NSNumber)?.int64Value == office }.map { try Self.id($0) })
            try await walk.fails(
                "recordReturnVisitSampleResult", .put, "/v1/return-visit-samples/\(sample)/items/\(missing)", #"{"fixed":true,"satisfaction":5}"#,
                status: .notFound)
            try await walk.succeeds(
                "recordReturnVisitSampleResult", .put, "/v1/return-visit-samples/\(sample)/items/\(repair)", #"{"fixed":true,"satisfaction":5}"#,
                action: "return_visit_sample.record")

            // The service guide (INF-5): a company item, changed, withdrawn, restored.
            try await walk.fails("createServiceItem", .post, "/v1/service-items", #"{"code":"bad code","name":"疏通","unit":"次","price":"20"}"#, status: .unprocessableContent)
            let serviceItem = try Self.id(try await walk.succeeds(
                "createServiceItem", .post, "/v1/service-items", #"{"code":"DRAIN","name":"疏通下水道","unit":"次","price":"20"}"#,
                action: "service_item.create"))
            try await walk.fails("updateServiceItem", .put, "/v1/service-items/\(serviceItem)", #"{"name":"疏通","unit":"次","price":"20"}"#, status: .preconditionFailed, headers: stale)
            try await walk.succeeds("updateServiceItem", .put, "/v1/service-items/\(serviceItem)", #"{"name":"疏通下水道","unit":"次","price":"25"}"#, action: "service_item.update")
            try await walk.fails("archiveServiceItem", .post, "/v1/service-items/\(missing)/archive", status: .notFound)
            try await walk.succeeds("archiveServiceItem", .post, "/v1/service-items/\(serviceItem)/archive", action: "service_item.archive")
            try await walk.fails("restoreServiceItem", .post, "/v1/service-items/\(serviceItem)/restore", status: .preconditionFailed, headers: stale)
            try await walk.succeeds("restoreServiceItem", .post, "/v1/service-items/\(serviceItem)/restore", action: "service_item.restore")

            // Communication with the developer (EXT-1..4), on an estate whose developer is set; the office manager signs (EXT-3).
            let talks = try Self.id(try await TestApp.send(
                client, walk.headers, .post, "/v1/estates",
                #"{"officeId":\#(office),"code":"AUTALK","name":"沟通花园","kind":"residential","developerId":\#(developer)}"#).json)
            try await walk.fails(
                "recordCommunication", .post, "/v1/communications",
                #"{"officeId":\#(office),"estateId":\#(talks),"party":"owners_committee","channel":"phone","occurredAt":"2026-11-22T09:00:00Z","counterparts":"主任","summary":"无业委会"}"#,
                status: .unprocessableContent)
            try await walk.succeeds(
                "recordCommunication", .post, "/v1/communications",
                #"{"officeId":\#(office),"estateId":\#(talks),"party":"developer","channel":"phone","occurredAt":"2026-11-22T09:00:00Z","counterparts":"李经理","summary":"交房进度"}"#,
                action: "communication_record.create")
            try await walk.fails(
                "recordDeveloperMatter", .post, "/v1/developer-matters",
                #"{"officeId":\#(office),"estateId":\#(talks),"kind":"question","topic":"warranty","subject":"保修","receivedAt":"2026-11-22T09:00:00Z"}"#,
                status: .unprocessableContent)
            let letter = try Self.id(try await walk.succeeds(
                "recordDeveloperMatter", .post, "/v1/developer-matters",
                #"{"officeId":\#(office),"estateId":\#(talks),"kind":"developer_letter","subject":"来函","receivedAt":"2026-11-22T09:00:00Z"}"#,
                action: "developer_matter.create"))
            let manager = TestFixtures.unique("mgr")
            let managerUser = try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: ["AUDQ"], database: database)
            let leadership = walk.headers
            walk.headers = try await TestApp.login(client, manager)
            try await walk.fails(
                "signOutgoingDocument", .post, "/v1/outgoing-documents",
                #"{"officeId":\#(office),"estateId":\#(talks),"recipient":"发展商","subject":"复函","channel":"letter"}"#, status: .unprocessableContent)
            let reply = try Self.id(try await walk.succeeds(
                "signOutgoingDocument", .post, "/v1/outgoing-documents",
                #"{"officeId":\#(office),"estateId":\#(talks),"toDeveloper":true,"recipient":"发展商","subject":"复函","channel":"letter","copyText":"复函全文"}"#,
                action: "outgoing_document.create"))
            walk.headers = leadership
            try await walk.fails(
                "answerDeveloperMatter", .post, "/v1/developer-matters/\(letter)/answer", #"{"channel":"phone","answer":"已电话答复"}"#,
                status: .unprocessableContent)
            try await walk.succeeds(
                "answerDeveloperMatter", .post, "/v1/developer-matters/\(letter)/answer",
                #"{"channel":"written","answer":"已书面答复","documentId":\#(reply)}"#, action: "developer_matter.answer")

            // A quarterly report through the approval workflow (EXT-6): FINANCE's section, QUALITY's review, the GM's approval.
            try await walk.fails(
                "createDocument", .post, "/v1/documents",
                #"{"officeId":\#(office),"estateId":\#(talks),"kind":"quarterly_report","title":"报告","period":"2027-Q1"}"#,
                status: .unprocessableContent)
            let report = try Self.id(try await walk.succeeds(
                "createDocument", .post, "/v1/documents",
                #"{"officeId":\#(office),"estateId":\#(talks),"kind":"quarterly_report","title":"三季度报告","period":"2026-Q3"}"#,
                action: "document.create"))
            try await walk.fails("reviseDocument", .put, "/v1/documents/\(report)", #"{"title":"x","body":""}"#, status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "reviseDocument", .put, "/v1/documents/\(report)", #"{"title":"2026年第三季度物业管理服务报告","body":"服务概况"}"#,
                action: "document.update")
            try await walk.fails("decideDocument", .post, "/v1/documents/\(report)/decisions", #"{"decision":"submit"}"#, status: .conflict)
            let finance = TestFixtures.unique("fin"), quality = TestFixtures.unique("qa")
            try await TestFixtures.user(finance, roles: [.financeStaff], department: "FINANCE", database: database)
            try await TestFixtures.user(quality, roles: [.qualityStaff], department: "QUALITY", database: database)
            let qualityHeaders = try await TestApp.login(client, quality)
            walk.headers = try await TestApp.login(client, finance)
            try await walk.fails(
                "writeDocumentFinanceSection", .put, "/v1/documents/\(report)/finance-section", #"{"text":"收支"}"#,
                status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "writeDocumentFinanceSection", .put, "/v1/documents/\(report)/finance-section", #"{"text":"收支情况"}"#,
                action: "document.write_finance")
            walk.headers = leadership
            try await walk.succeeds("decideDocument", .post, "/v1/documents/\(report)/decisions", #"{"decision":"submit"}"#, action: "document.submit")
            #expect(try await TestApp.send(client, qualityHeaders, .post, "/v1/documents/\(report)/decisions", #"{"decision":"approve"}"#).status == .ok)
            try await walk.succeeds("decideDocument", .post, "/v1/documents/\(report)/decisions", #"{"decision":"approve"}"#, action: "document.approve")
            try await walk.succeeds("decideDocument", .post, "/v1/documents/\(report)/decisions", #"{"decision":"publish"}"#, action: "document.publish")
            try await walk.fails(
                "askDocumentQuestion", .post, "/v1/documents/\(report)/questions", #"{"askedBy":" ","question":"物业费为何上涨?"}"#,
                status: .unprocessableContent)
            let question = try Self.id(try await walk.succeeds(
                "askDocumentQuestion", .post, "/v1/documents/\(report)/questions", #"{"askedBy":"王先生","unit":"3-502","question":"物业费为何上涨?"}"#,
                action: "document_question.create"))
            try await walk.fails(
                "answerDocumentQuestion", .post, "/v1/documents/\(report)/questions/\(missing)/answer", #"{"answer":"x"}"#, status: .notFound)
            try await walk.succeeds(
                "answerDocumentQuestion", .post, "/v1/documents/\(report)/questions/\(question)/answer", #"{"answer":"成本上升,已公示明细"}"#,
                action: "document_question.answer")

            // Meetings (MTG-1/2): the type's policy, a meeting ahead for its agenda, one begun for sign-in, minutes and a resolution.
            try await walk.fails(
                "updateMeetingType", .put, "/v1/meeting-types/president_office",
                #"{"cadence":"monthly","agendaLeadDays":7,"minutesDueWorkingDays":3}"#, status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "updateMeetingType", .put, "/v1/meeting-types/president_office",
                #"{"cadence":"monthly","agendaLeadDays":10,"minutesDueWorkingDays":3}"#, action: "meeting_type.update")
            try await walk.fails(
                "scheduleMeeting", .post, "/v1/meetings",
                #"{"officeId":\#(office),"type":"board","title":"董事会","scheduledAt":"2026-12-16T02:00:00Z"}"#, status: .unprocessableContent)
            let ahead = try Self.id(try await walk.succeeds(
                "scheduleMeeting", .post, "/v1/meetings",
                #"{"officeId":\#(office),"type":"office_staff","title":"员工大会","scheduledAt":"2026-11-30T08:00:00Z"}"#, action: "meeting.create"))
            let begun = try Self.id(try await TestApp.send(
                client, walk.headers, .post, "/v1/meetings",
                #"{"officeId":\#(office),"type":"office_morning","title":"早会","scheduledAt":"2026-11-22T11:00:00Z"}"#).json)
            try await walk.fails("distributeMeetingAgenda", .put, "/v1/meetings/\(ahead)/agenda", #"{"agenda":"议程"}"#, status: .preconditionFailed, headers: stale)
            try await walk.succeeds("distributeMeetingAgenda", .put, "/v1/meetings/\(ahead)/agenda", #"{"agenda":"一、月度总结"}"#, action: "meeting.agenda")
            try await walk.fails("signInToMeeting", .post, "/v1/meetings/\(ahead)/attendance", "{}", status: .conflict)
            try await walk.succeeds("signInToMeeting", .post, "/v1/meetings/\(begun)/attendance", "{}", action: "meeting.sign_in")
            let minutes = #"{"minutes":"早会纪要","resolutions":[{"text":"检修门禁","responsibleId":\#(managerUser.id),"dueOn":"2026-11-30"}]}"#
            try await walk.fails("recordMeetingMinutes", .post, "/v1/meetings/\(begun)/minutes", minutes, status: .preconditionFailed, headers: stale)
            let resolution = try #require(((try await walk.succeeds(
                "recordMeetingMinutes", .post, "/v1/meetings/\(begun)/minutes", minutes, action: "meeting.minutes"
            ))["resolutions"] as? [[String: Any]])?.first.flatMap { ($0["id"] as? NSNumber)?.int64Value })
            try await walk.fails(
                "updateMeetingResolution", .put, "/v1/meeting-resolutions/\(resolution)", #"{"status":"done","progress":"已修"}"#,
                status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "updateMeetingResolution", .put, "/v1/meeting-resolutions/\(resolution)", #"{"status":"done","progress":"门禁已修复"}"#,
                action: "meeting_resolution.update")

            // An owner communication meeting's records (MTG-3).
            let owners = try Self.id(try await TestApp.send(
                client, walk.headers, .post, "/v1/meetings",
                #"{"officeId":\#(office),"type":"owner_communication","title":"业主沟通会","scheduledAt":"2026-11-22T11:30:00Z"}"#).json)
            try await walk.fails("inviteToMeeting", .post, "/v1/meetings/\(begun)/invitations", #"{"name":"王先生"}"#, status: .conflict)
            let invitation = try Self.id(try await walk.succeeds(
                "inviteToMeeting", .post, "/v1/meetings/\(owners)/invitations", #"{"name":"王先生","unit":"3-502","phone":"13800000000"}"#,
                action: "meeting_invitation.create"))
            try await walk.fails(
                "updateMeetingInvitation", .put, "/v1/meeting-invitations/\(invitation)", #"{"status":"confirmed"}"#,
                status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "updateMeetingInvitation", .put, "/v1/meeting-invitations/\(invitation)", #"{"status":"confirmed","remindedSoon":true}"#,
                action: "meeting_invitation.update")
            try await walk.fails("recordMeetingOpinion", .post, "/v1/meetings/\(owners)/opinions", #"{"area":"security","opinion":" "}"#, status: .unprocessableContent)
            let opinion = try Self.id(try await walk.succeeds(
                "recordMeetingOpinion", .post, "/v1/meetings/\(owners)/opinions", #"{"area":"security","ownerName":"王先生","opinion":"门禁常坏"}"#,
                action: "meeting_opinion.create"))
            try await walk.fails("answerMeetingOpinion", .post, "/v1/meeting-opinions/\(missing)/answer", #"{"answer":"x"}"#, status: .notFound)
            try await walk.succeeds(
                "answerMeetingOpinion", .post, "/v1/meeting-opinions/\(opinion)/answer", #"{"answer":"下周更换读卡器"}"#, action: "meeting_opinion.answer")
            try await walk.fails(
                "addRectificationItem", .post, "/v1/meetings/\(owners)/rectification-items",
                #"{"problem":"门禁故障","location":"东门","measure":"更换读卡器","expectedOn":"2026-11-01"}"#, status: .unprocessableContent)
            let item = try Self.id(try await walk.succeeds(
                "addRectificationItem", .post, "/v1/meetings/\(owners)/rectification-items",
                #"{"problem":"门禁故障","location":"东门","measure":"更换读卡器","expectedOn":"2026-11-30","opinionId":\#(opinion)}"#,
                action: "rectification_item.create"))
            try await walk.fails(
                "completeRectificationItem", .post, "/v1/rectification-items/\(item)/completion", #"{"result":"已更换"}"#,
                status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "completeRectificationItem", .post, "/v1/rectification-items/\(item)/completion", #"{"result":"已更换读卡器"}"#,
                action: "rectification_item.complete")
            try await walk.fails(
                "setMeetingBudget", .put, "/v1/meetings/\(owners)/budget", #"{"items":[{"item":"读卡器","quantity":"0","unitPrice":"380.50"}]}"#,
                status: .unprocessableContent)
            try await walk.succeeds(
                "setMeetingBudget", .put, "/v1/meetings/\(owners)/budget", #"{"items":[{"item":"读卡器","quantity":"2","unitPrice":"380.50"}]}"#,
                action: "meeting.budget")

            // A deviation from the safety observation procedure (SAF-6): at most a year.
            try await walk.fails(
                "approveSafetyDeviation", .post, "/v1/safety-deviations",
                #"{"officeId":\#(office),"clause":"5.4.1","deviation":"夜班两人合计一次","reasons":"夜班仅两人","startsOn":"2026-11-22","endsOn":"2027-11-22"}"#,
                status: .unprocessableContent)
            try await walk.succeeds(
                "approveSafetyDeviation", .post, "/v1/safety-deviations",
                #"{"officeId":\#(office),"clause":"5.4.1","deviation":"夜班两人合计一次","reasons":"夜班仅两人","startsOn":"2026-11-22","endsOn":"2027-11-21"}"#,
                action: "safety_deviation.create")

            // Safety observation (SAF-1..3): an area, a team of two, a random STOP card.
            try await walk.fails("createSafetyArea", .post, "/v1/safety-areas", #"{"officeId":\#(office),"name":" "}"#, status: .unprocessableContent)
            let area = try Self.id(try await walk.succeeds(
                "createSafetyArea", .post, "/v1/safety-areas", #"{"officeId":\#(office),"name":"泵房"}"#, action: "safety_area.create"))
            try await walk.fails(
                "createSafetyTeam", .post, "/v1/safety-teams", #"{"officeId":\#(office),"name":"一组","leaderId":\#(managerUser.id),"memberIds":[]}"#,
                status: .unprocessableContent)
            let deskUser = try await TestFixtures.user(TestFixtures.unique("desk"), roles: [.frontDesk], officeCodes: ["AUDQ"], database: database)
            try await walk.succeeds(
                "createSafetyTeam", .post, "/v1/safety-teams",
                #"{"officeId":\#(office),"name":"一组","leaderId":\#(managerUser.id),"memberIds":[\#(deskUser.id)]}"#, action: "safety_team.create")
            try await walk.fails(
                "createSafetyShift", .post, "/v1/safety-shifts",
                #"{"officeId":\#(office),"code":"Day","name":"白班","leaderId":\#(managerUser.id),"crewIds":[\#(deskUser.id)]}"#, status: .unprocessableContent)
            try await walk.succeeds(
                "createSafetyShift", .post, "/v1/safety-shifts",
                #"{"officeId":\#(office),"code":"day","name":"白班","leaderId":\#(managerUser.id),"crewIds":[\#(deskUser.id)]}"#, action: "safety_shift.create")
            try await walk.fails(
                "createSafetyTimeSlot", .post, "/v1/safety-time-slots", #"{"officeId":\#(office),"name":"上午","startsAt":"8am","endsAt":"12:00"}"#,
                status: .unprocessableContent)
            let slot = try Self.id(try await walk.succeeds(
                "createSafetyTimeSlot", .post, "/v1/safety-time-slots", #"{"officeId":\#(office),"name":"上午","startsAt":"08:00","endsAt":"12:00"}"#,
                action: "safety_time_slot.create"))
            let shiftID = try #require(try await TestApp.send(client, walk.headers, .get, "/v1/safety-setup?officeId=\(office)").json["shifts"] as? [[String: Any]])
                .first.flatMap { ($0["id"] as? NSNumber)?.int64Value }
            let planItem = #"{"month":1,"areaId":\#(area),"timeSlotId":\#(slot),"shiftId":\#(try #require(shiftID))}"#
            try await walk.fails(
                "createSafetyPlan", .post, "/v1/safety-plans", #"{"officeId":\#(office),"year":2027,"items":[]}"#, status: .unprocessableContent)
            let plan = try Self.id(try await walk.succeeds(
                "createSafetyPlan", .post, "/v1/safety-plans", #"{"officeId":\#(office),"year":2027,"items":[\#(planItem)]}"#,
                action: "safety_plan.create"))
            try await walk.fails(
                "updateSafetyPlan", .put, "/v1/safety-plans/\(plan)", #"{"items":[\#(planItem)]}"#, status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "updateSafetyPlan", .put, "/v1/safety-plans/\(plan)", #"{"items":[\#(planItem),\#(planItem)]}"#, action: "safety_plan.update")
            try await walk.fails(
                "writeSafetyReport", .post, "/v1/safety-reports", #"{"kind":"monthly_summary","officeId":\#(office),"period":"2027-01","title":"小结"}"#,
                status: .unprocessableContent)
            let safetyReport = try Self.id(try await walk.succeeds(
                "writeSafetyReport", .post, "/v1/safety-reports", #"{"kind":"monthly_summary","officeId":\#(office),"period":"2026-11","title":"小结"}"#,
                action: "safety_report.create"))
            try await walk.fails(
                "reviseSafetyReport", .put, "/v1/safety-reports/\(safetyReport)", #"{"title":"11月小结"}"#, status: .preconditionFailed, headers: stale)
            try await walk.succeeds("reviseSafetyReport", .put, "/v1/safety-reports/\(safetyReport)", #"{"title":"11月小结"}"#, action: "safety_report.update")
            try await walk.fails("decideSafetyReport", .post, "/v1/safety-reports/\(safetyReport)/decisions", #"{"decision":"publish"}"#, status: .conflict)
            try await walk.succeeds(
                "decideSafetyReport", .post, "/v1/safety-reports/\(safetyReport)/decisions", #"{"decision":"submit"}"#, action: "safety_report.submit")
            let card = #"{"officeId":\#(office),"kind":"random","areaId":\#(area),"observedAt":"2026-11-22T11:00:00Z","observations":[{"category":"ergonomics","safe":false,"actions":["stop","discuss"]}]}"#
            try await walk.fails("recordStopCard", .post, "/v1/stop-cards", card.replacingOccurrences(of: "\"random\"", with: "\"planned\""), status: .unprocessableContent)
            try await walk.succeeds("recordStopCard", .post, "/v1/stop-cards", card, action: "stop_card.create")

            // The communication deadlines as HQ policy (EXT-2, EXT-6, EXT-7).
            try await walk.fails(
                "replaceCommunicationPolicy", .put, "/v1/communication-policy",
                #"{"developerAnswer":{"days":3,"unit":"working_days"},"reportSubmission":{"day":24,"unit":"working_day"},"reportPublication":{"day":18,"unit":"calendar_day"},"reportQuestionWindow":{"days":7,"unit":"calendar_days"},"briefingDelivery":{"day":3,"unit":"calendar_day"},"consultingReportAnswer":{"days":2,"unit":"working_days"}}"#, status: .unprocessableContent)
            try await walk.succeeds(
                "replaceCommunicationPolicy", .put, "/v1/communication-policy",
                #"{"developerAnswer":{"days":3,"unit":"working_days"},"reportSubmission":{"day":8,"unit":"working_day"},"reportPublication":{"day":18,"unit":"calendar_day"},"reportQuestionWindow":{"days":7,"unit":"calendar_days"},"briefingDelivery":{"day":3,"unit":"calendar_day"},"consultingReportAnswer":{"days":2,"unit":"working_days"}}"#, action: "communication_policy.update")

            // A consulting project (EXT-7): set up by the GM, a resident consultant's log, reports and a deliverable,
            // answered and sent by the consulting department.
            let resident = TestFixtures.unique("resident"), consultingStaff = TestFixtures.unique("consult")
            let residentUser = try await TestFixtures.user(resident, roles: [.consultant], department: "CONSULTING", database: database)
            try await TestFixtures.user(consultingStaff, roles: [.consultant], department: "CONSULTING", database: database)
            try await walk.fails(
                "createConsultingProject", .post, "/v1/consulting-projects",
                #"{"name":"审计顾问项目","developerId":\#(developer),"consultantIds":[\#(managerUser.id)],"startedOn":"2026-01-01"}"#,
                status: .unprocessableContent)
            let project = try Self.id(try await walk.succeeds(
                "createConsultingProject", .post, "/v1/consulting-projects",
                #"{"name":"审计顾问项目","developerId":\#(developer),"consultantIds":[\#(residentUser.id)],"startedOn":"2026-01-01"}"#,
                action: "consulting_project.create"))
            try await walk.fails(
                "updateConsultingProject", .put, "/v1/consulting-projects/\(project)", #"{"name":"x","consultantIds":[\#(residentUser.id)]}"#,
                status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "updateConsultingProject", .put, "/v1/consulting-projects/\(project)",
                #"{"name":"审计顾问项目（一期）","consultantIds":[\#(residentUser.id)]}"#, action: "consulting_project.update")
            let chief = walk.headers
            walk.headers = try await TestApp.login(client, resident)
            try await walk.fails(
                "writeConsultingLog", .post, "/v1/consulting-projects/\(project)/logs", #"{"workDay":"2026-11-30","work":"明天的事"}"#,
                status: .unprocessableContent)
            try await walk.succeeds(
                "writeConsultingLog", .post, "/v1/consulting-projects/\(project)/logs", #"{"workDay":"2026-11-20","work":"审核实施细则"}"#,
                action: "consulting_log.create")
            try await walk.fails(
                "submitConsultingReport", .post, "/v1/consulting-projects/\(project)/reports",
                #"{"kind":"quarterly_summary","period":"2026-10","body":"总结"}"#, status: .unprocessableContent)
            let monthly = try Self.id(try await walk.succeeds(
                "submitConsultingReport", .post, "/v1/consulting-projects/\(project)/reports",
                #"{"kind":"monthly_report","period":"2026-10","body":"十月月报"}"#, action: "consulting_report.create"))
            let summary3 = try Self.id(try await walk.succeeds(
                "submitConsultingReport", .post, "/v1/consulting-projects/\(project)/reports",
                #"{"kind":"quarterly_summary","period":"2026-Q3","body":"三季度总结"}"#, action: "consulting_report.create"))
            try await walk.fails(
                "recordConsultingDeliverable", .post, "/v1/consulting-projects/\(project)/deliverables",
                #"{"kind":"proposal","title":"建议书","deliveredOn":"2025-12-31"}"#, status: .unprocessableContent)
            let deliverable = try Self.id(try await walk.succeeds(
                "recordConsultingDeliverable", .post, "/v1/consulting-projects/\(project)/deliverables",
                #"{"kind":"proposal","title":"物业管理建议书","deliveredOn":"2026-11-20"}"#, action: "consulting_deliverable.create"))
            try await walk.fails(
                "recordConsultingDeliverableReceipt", .post, "/v1/consulting-deliverables/\(deliverable)/receipt",
                #"{"receivedOn":"2026-11-19","receivedBy":"王总"}"#, status: .unprocessableContent)
            try await walk.succeeds(
                "recordConsultingDeliverableReceipt", .post, "/v1/consulting-deliverables/\(deliverable)/receipt",
                #"{"receivedOn":"2026-11-21","receivedBy":"王总","rating":5}"#, action: "consulting_deliverable.receipt")
            // The resident may not answer his own report; the department does.
            try await walk.fails(
                "answerConsultingReport", .post, "/v1/consulting-reports/\(monthly)/answer", #"{"answer":"自答"}"#, status: .forbidden)
            walk.headers = try await TestApp.login(client, consultingStaff)
            try await walk.succeeds(
                "answerConsultingReport", .post, "/v1/consulting-reports/\(monthly)/answer", #"{"answer":"已阅，按计划推进"}"#,
                action: "consulting_report.answer")
            try await walk.fails(
                "deliverConsultingReport", .post, "/v1/consulting-reports/\(summary3)/delivery", #"{"deliveredTo":"王总"}"#,
                status: .unprocessableContent)
            try await walk.succeeds(
                "deliverConsultingReport", .post, "/v1/consulting-reports/\(summary3)/delivery",
                #"{"deliveredTo":"王总","mergedSummary":"顾问团与驻场顾问合并总结"}"#, action: "consulting_report.deliver")
            walk.headers = chief

            // The sales office (SAL-1): a buyer, a sale through 小定, 大定 and the contract, a payment and a refund by finance, a cancellation.
            let salesStaff = TestFixtures.unique("sales")
            try await TestFixtures.user(salesStaff, roles: [.salesStaff], officeCodes: ["AUDQ"], database: database)
            let saleUnit = try await TestFixtures.units(office: office, count: 1, suite: Self.suite)[0]
            walk.headers = try await TestApp.login(client, salesStaff)
            try await walk.fails("createSalesBuyer", .post, "/v1/sales-buyers", #"{"officeId":\#(office),"name":"王先生","phone":"call me"}"#, status: .unprocessableContent)
            let buyer = try Self.id(try await walk.succeeds(
                "createSalesBuyer", .post, "/v1/sales-buyers", #"{"officeId":\#(office),"name":"王先生","phone":"13800000000"}"#, action: "sales_buyer.create"))
            try await walk.fails(
                "updateSalesBuyer", .put, "/v1/sales-buyers/\(buyer)", #"{"name":"王大明","phone":"139"}"#, status: .preconditionFailed, headers: stale)
            try await walk.succeeds("updateSalesBuyer", .put, "/v1/sales-buyers/\(buyer)", #"{"name":"王大明","phone":"139"}"#, action: "sales_buyer.update")
            let reservation = #"{"buyerId":\#(buyer),"unitId":\#(saleUnit),"smallDeposit":{"amount":"5000","dueOn":"2026-11-22"}}"#
            try await walk.fails("reserveSale", .post, "/v1/sales", reservation.replacingOccurrences(of: "2026-11-22", with: "2026-11-21"), status: .unprocessableContent)
            let sale = try Self.id(try await walk.succeeds("reserveSale", .post, "/v1/sales", reservation, action: "sale.create"))
            let contract = #"{"contractNumber":"HT-AUD-1","signedOn":"2026-11-22","totalPrice":"100000","paymentMethod":"full_payment","schedule":[{"kind":"full_payment","amount":"50000","dueOn":"2026-12-22"}]}"#
            try await walk.fails("signSaleContract", .post, "/v1/sales/\(sale)/contract", contract, status: .conflict)  // before 大定
            try await walk.fails(
                "requestSaleFullDeposit", .post, "/v1/sales/\(sale)/full-deposit", #"{"amount":"45000","dueOn":"2026-11-29"}"#,
                status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "requestSaleFullDeposit", .post, "/v1/sales/\(sale)/full-deposit", #"{"amount":"45000","dueOn":"2026-11-29"}"#, action: "sale.full_deposit")
            try await walk.fails(
                "signSaleContract", .post, "/v1/sales/\(sale)/contract", contract.replacingOccurrences(of: "50000", with: "50000.01"),
                status: .unprocessableContent)
            let signedSale = try await walk.succeeds("signSaleContract", .post, "/v1/sales/\(sale)/contract", contract, action: "sale.sign")
            let fullPayment = try #require((signedSale["stages"] as? [[String: Any]])?.last?["id"] as? NSNumber).int64Value
            walk.headers = try await TestApp.login(client, finance)
            let payment = #"{"stageId":\#(fullPayment),"amount":"50000","bookedOn":"2026-11-22"}"#
            try await walk.fails(
                "recordSalePayment", .post, "/v1/sales/\(sale)/payments", payment.replacingOccurrences(of: "50000", with: "50000.01"),
                status: .unprocessableContent)
            try await walk.succeeds("recordSalePayment", .post, "/v1/sales/\(sale)/payments", payment, action: "sale_payment.create")
            let refund = #"{"stageId":\#(fullPayment),"amount":"100","bookedOn":"2026-11-22","reason":"优惠返还"}"#
            try await walk.fails("refundSalePayment", .post, "/v1/sales/\(sale)/refunds", refund, status: .preconditionFailed, headers: stale)
            try await walk.succeeds("refundSalePayment", .post, "/v1/sales/\(sale)/refunds", refund, action: "sale_payment.create")
            walk.headers = try await TestApp.login(client, salesStaff)
            try await walk.fails("cancelSale", .post, "/v1/sales/\(sale)/cancellation", #"{"reason":" "}"#, status: .unprocessableContent)
            try await walk.succeeds("cancelSale", .post, "/v1/sales/\(sale)/cancellation", #"{"reason":"客户换房"}"#, action: "sale.cancel")
            walk.headers = chief

            // The information register (INF-1/2): an urgent entry, its action report approved, revised, closed.
            try await walk.fails(
                "recordInformationEntry", .post, "/v1/information-entries",
                #"{"officeId":\#(office),"direction":"external","sourceKind":"authority","source":" ","content":"停水","receivedAt":"2026-11-22T10:00:00Z"}"#,
                status: .unprocessableContent)
            let information = try Self.id(try await walk.succeeds(
                "recordInformationEntry", .post, "/v1/information-entries",
                #"{"officeId":\#(office),"direction":"external","sourceKind":"authority","source":"供水公司","content":"停水","urgent":true,"receivedAt":"2026-11-22T10:00:00Z"}"#,
                action: "information_entry.create"))
            try await walk.fails("closeInformationEntry", .post, "/v1/information-entries/\(information)/closure", status: .conflict)
            try await walk.fails("approveInformationActionReport", .post, "/v1/information-entries/\(information)/action-report/approval", status: .conflict)
            try await walk.fails(
                "writeInformationActionReport", .put, "/v1/information-entries/\(information)/action-report", #"{"report":" "}"#, status: .unprocessableContent)
            try await walk.succeeds(
                "writeInformationActionReport", .put, "/v1/information-entries/\(information)/action-report", #"{"report":"逐户通知"}"#,
                action: "information_entry.action_report")
            try await walk.succeeds(
                "approveInformationActionReport", .post, "/v1/information-entries/\(information)/action-report/approval",
                action: "information_entry.approve_action_report")
            try await walk.fails(
                "reviseInformationEntry", .put, "/v1/information-entries/\(information)", #"{"told":"","handling":"已处理"}"#,
                status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "reviseInformationEntry", .put, "/v1/information-entries/\(information)", #"{"told":"主任","handling":"已处理"}"#,
                action: "information_entry.update")
            try await walk.succeeds("closeInformationEntry", .post, "/v1/information-entries/\(information)/closure", action: "information_entry.close")

            // Notices to customers (INF-4): drafted, edited, published, withdrawn; the estate's public feed key issued and revoked.
            let noticeBody = #"{"estateId":\#(estate),"kind":"water_outage","title":"停水通知","body":"周二9:00-12:00停水","validFrom":"2026-11-23T00:00:00Z","validUntil":"2026-11-25T00:00:00Z"}"#
            try await walk.fails(
                "draftCustomerNotice", .post, "/v1/customer-notices",
                #"{"officeId":\#(office),"kind":"water_outage","title":"停水","body":"停水","validFrom":"2026-11-25T00:00:00Z","validUntil":"2026-11-23T00:00:00Z"}"#,
                status: .unprocessableContent)
            let notice = try Self.id(try await walk.succeeds(
                "draftCustomerNotice", .post, "/v1/customer-notices", noticeBody.replacingOccurrences(of: "{", with: #"{"officeId":\#(office),"#),
                action: "customer_notice.create"))
            try await walk.fails("editCustomerNotice", .put, "/v1/customer-notices/\(notice)", noticeBody, status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "editCustomerNotice", .put, "/v1/customer-notices/\(notice)", noticeBody.replacingOccurrences(of: "12:00", with: "13:00"),
                action: "customer_notice.update")
            try await walk.fails("withdrawCustomerNotice", .post, "/v1/customer-notices/\(notice)/withdrawal", #"{"reason":"改期"}"#, status: .conflict)
            try await walk.succeeds("publishCustomerNotice", .post, "/v1/customer-notices/\(notice)/publication", action: "customer_notice.publish")
            try await walk.fails("publishCustomerNotice", .post, "/v1/customer-notices/\(notice)/publication", status: .conflict)
            try await walk.succeeds(
                "withdrawCustomerNotice", .post, "/v1/customer-notices/\(notice)/withdrawal", #"{"reason":"改期"}"#, action: "customer_notice.withdraw")
            try await walk.fails("revokeNoticeFeedKey", .delete, "/v1/estates/\(estate)/notice-feed", status: .notFound)
            try await walk.fails("issueNoticeFeedKey", .post, "/v1/estates/\(missing)/notice-feed", status: .notFound)
            try await walk.succeeds("issueNoticeFeedKey", .post, "/v1/estates/\(estate)/notice-feed", action: "notice_feed.issue")
            try await walk.succeeds("revokeNoticeFeedKey", .delete, "/v1/estates/\(estate)/notice-feed", action: "notice_feed.revoke")

            // Community culture activities (INF-6): the company plan published, an office plan derived, revised, submitted, approved;
            // an activity recorded and evaluated.
            try await walk.fails("writeActivityPlan", .post, "/v1/activity-plans", #"{"year":2030,"title":"计划"}"#, status: .unprocessableContent)
            let companyPlan = try Self.id(try await walk.succeeds(
                "writeActivityPlan", .post, "/v1/activity-plans", #"{"year":2026,"title":"公司计划","items":[{"quarter":4,"theme":"迎新春"}]}"#,
                action: "activity_plan.create"))
            try await walk.fails("decideActivityPlan", .post, "/v1/activity-plans/\(companyPlan)/decisions", #"{"decision":"submit"}"#, status: .conflict)
            try await walk.succeeds(
                "decideActivityPlan", .post, "/v1/activity-plans/\(companyPlan)/decisions", #"{"decision":"publish"}"#, action: "activity_plan.publish")
            let officePlan = try Self.id(try await walk.succeeds(
                "writeActivityPlan", .post, "/v1/activity-plans", #"{"officeId":\#(office),"year":2026,"title":"管理处计划"}"#,
                action: "activity_plan.create"))
            let planUpdate = #"{"title":"管理处计划","items":[{"quarter":4,"theme":"迎新春联欢"}]}"#
            try await walk.fails("reviseActivityPlan", .put, "/v1/activity-plans/\(officePlan)", planUpdate, status: .preconditionFailed, headers: stale)
            try await walk.succeeds("reviseActivityPlan", .put, "/v1/activity-plans/\(officePlan)", planUpdate, action: "activity_plan.update")
            try await walk.succeeds(
                "decideActivityPlan", .post, "/v1/activity-plans/\(officePlan)/decisions", #"{"decision":"submit"}"#, action: "activity_plan.submit")
            try await walk.fails(
                "decideActivityPlan", .post, "/v1/activity-plans/\(officePlan)/decisions", #"{"decision":"reject"}"#, status: .unprocessableContent)
            try await walk.succeeds(
                "decideActivityPlan", .post, "/v1/activity-plans/\(officePlan)/decisions", #"{"decision":"approve"}"#, action: "activity_plan.approve")
            let activityBody = #"{"officeId":\#(office),"title":"迎新春联欢","heldOn":"2026-11-21","place":"会所","participantCount":80,"record":"联欢"}"#
            try await walk.fails(
                "recordCommunityActivity", .post, "/v1/community-activities", activityBody.replacingOccurrences(of: "2026-11-21", with: "2026-12-21"),
                status: .unprocessableContent)
            let activity = try Self.id(try await walk.succeeds(
                "recordCommunityActivity", .post, "/v1/community-activities", activityBody, action: "community_activity.create"))
            try await walk.fails(
                "evaluateCommunityActivity", .put, "/v1/community-activities/\(activity)/evaluation", #"{"evaluation":"好"}"#,
                status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "evaluateCommunityActivity", .put, "/v1/community-activities/\(activity)/evaluation", #"{"evaluation":"参与踊跃"}"#,
                action: "community_activity.evaluate")

            // Exchanges between offices (INF-7): a training HQ hosted, recorded by the office and signed in by HQ.
            let exchangeBody = #"{"officeId":\#(office),"kind":"training","heldOn":"2026-11-20","topic":"消防培训","participants":"保安","participantCount":8}"#
            try await walk.fails(
                "recordOfficeExchange", .post, "/v1/office-exchanges", exchangeBody.replacingOccurrences(of: #""participantCount":8"#, with: #""participantCount":0"#),
                status: .unprocessableContent)
            let exchange = try Self.id(try await walk.succeeds(
                "recordOfficeExchange", .post, "/v1/office-exchanges", exchangeBody, action: "office_exchange.create"))
            try await walk.fails("signInOfficeExchange", .post, "/v1/office-exchanges/\(exchange)/host-sign-in", "{}", status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "signInOfficeExchange", .post, "/v1/office-exchanges/\(exchange)/host-sign-in", #"{"comment":"已签到"}"#, action: "office_exchange.host_sign_in")

            // The president's mailbox and the staff-needs census (INF-7): an anonymous letter answered in writing (never in person),
            // a census opened, a need written from HQ and answered by a company document.
            try await walk.fails(
                "sendMailboxLetter", .post, "/v1/mailbox-letters", #"{"category":"suggestion","subject":" ","body":"夜班餐"}"#, status: .unprocessableContent)
            let mailboxLetter = try Self.id(try await walk.succeeds(
                "sendMailboxLetter", .post, "/v1/mailbox-letters", #"{"category":"suggestion","subject":"食堂","body":"希望增加夜班餐","anonymous":true}"#,
                action: "mailbox_letter.create"))
            try await walk.fails(
                "answerMailboxLetter", .post, "/v1/mailbox-letters/\(mailboxLetter)/answer", #"{"kind":"in_person","text":"面谈"}"#, status: .unprocessableContent)
            try await walk.succeeds(
                "answerMailboxLetter", .post, "/v1/mailbox-letters/\(mailboxLetter)/answer", #"{"kind":"reply","text":"下月起增加夜班餐"}"#,
                action: "mailbox_letter.answer")
            try await walk.fails(
                "openStaffNeedsCensus", .post, "/v1/staff-needs-censuses", #"{"year":2026,"opensOn":"2026-11-20","closesOn":"2026-11-10"}"#,
                status: .unprocessableContent)
            let census = try Self.id(try await walk.succeeds(
                "openStaffNeedsCensus", .post, "/v1/staff-needs-censuses", #"{"year":2026,"opensOn":"2026-11-20","closesOn":"2026-12-20"}"#,
                action: "staff_needs_census.create"))
            try await walk.fails(
                "submitStaffNeed", .post, "/v1/staff-needs-censuses/\(census)/needs", #"{"category":"training","content":""}"#, status: .unprocessableContent)
            let need = try Self.id(try await walk.succeeds(
                "submitStaffNeed", .post, "/v1/staff-needs-censuses/\(census)/needs", #"{"category":"training","content":"希望有电工证培训"}"#,
                action: "staff_need.create"))
            try await walk.fails(
                "answerStaffNeeds", .post, "/v1/staff-needs-censuses/\(census)/answers", #"{"needIds":[\#(need)],"kind":"company_document","text":"见文件"}"#,
                status: .unprocessableContent)
            try await walk.succeeds(
                "answerStaffNeeds", .post, "/v1/staff-needs-censuses/\(census)/answers",
                #"{"needIds":[\#(need)],"kind":"company_document","text":"明年起统一组织","documentReference":"行人字〔2026〕12号 员工培训计划"}"#,
                action: "staff_need.answer")

            // Attachments: a PDF on a ticket; bytes that are no PDF are refused.
            let attachmentTicket = try await TestFixtures.ticket(office: office, suite: Self.suite)
            let jsonHeaders = walk.headers
            walk.headers[.contentType] = "application/pdf"
            let attachmentURI = "/v1/attachments?subject=ticket&subjectId=\(attachmentTicket)&fileName=form.pdf"
            try await walk.fails("uploadAttachment", .post, attachmentURI, "not a pdf", status: .unsupportedMediaType)
            try await walk.succeeds("uploadAttachment", .post, attachmentURI, "%PDF-1.7\n%%EOF\n", action: "attachment.create")
            walk.headers = jsonHeaders

            // Satisfaction surveys (SRV-3/4): a template and a second version, a campaign over two occupied units, a one-time
            // link, a paper form, an answer through the link, the closing.
            let surveyQuestions = #"[{"area":"environment","kind":"scale","text":"保洁"},{"area":"other","kind":"text","text":"意见"}]"#
            try await walk.fails("createSurveyTemplate", .post, "/v1/survey-templates", #"{"name":"审计问卷","questions":[]}"#, status: .unprocessableContent)
            let surveyTemplate = try Self.id(try await walk.succeeds(
                "createSurveyTemplate", .post, "/v1/survey-templates", #"{"name":"审计问卷","questions":\#(surveyQuestions)}"#,
                action: "survey_template.create"))
            try await walk.fails(
                "addSurveyTemplateVersion", .post, "/v1/survey-templates/\(missing)/versions", #"{"questions":\#(surveyQuestions)}"#, status: .notFound)
            try await walk.succeeds(
                "addSurveyTemplateVersion", .post, "/v1/survey-templates/\(surveyTemplate)/versions", #"{"questions":\#(surveyQuestions)}"#,
                action: "survey_template.version")
            _ = try await TestFixtures.occupiedUnits(office: office, count: 2, suite: Self.suite)
            let campaignBody = #"{"officeId":\#(office),"name":"审计调查","variant":"year_end_full","templateId":\#(surveyTemplate),"opensOn":"2026-11-22","closesOn":"2026-12-20"}"#
            try await walk.fails(
                "startSurveyCampaign", .post, "/v1/survey-campaigns", campaignBody.replacingOccurrences(of: "2026-12-20", with: "2026-11-01"),
                status: .unprocessableContent)
            let surveyCampaign = try Self.id(try await walk.succeeds(
                "startSurveyCampaign", .post, "/v1/survey-campaigns", campaignBody, action: "survey_campaign.create"))
            let surveyRespondents = try await TestApp.send(client, walk.headers, .get, "/v1/survey-campaigns/\(surveyCampaign)/respondents")
            let respondentIDs = (surveyRespondents.json["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? NSNumber)?.int64Value }
            try await walk.fails("issueSurveyLink", .post, "/v1/survey-respondents/\(missing)/link", status: .notFound)
            let link = try await walk.succeeds("issueSurveyLink", .post, "/v1/survey-respondents/\(respondentIDs[0])/link", action: "survey_link.issue")
            let linkPath = try #require(link["path"] as? String)
            try await walk.fails(
                "enterSurveyResponse", .post, "/v1/survey-respondents/\(respondentIDs[1])/response", #"{"answers":[]}"#, status: .unprocessableContent)
            try await walk.succeeds(
                "enterSurveyResponse", .post, "/v1/survey-respondents/\(respondentIDs[1])/response", #"{"answers":[{"position":1,"score":"satisfied"}]}"#,
                action: "survey_respondent.respond")
            try await walk.fails(
                "answerPublicSurvey", .post, "/v1/public/survey-links/\(String(repeating: "A", count: 43))/response",
                #"{"answers":[{"position":1,"score":"fair"}]}"#, status: .notFound)
            try await walk.succeeds(
                "answerPublicSurvey", .post, linkPath + "/response", #"{"answers":[{"position":1,"score":"fair"},{"position":2,"text":"好"}]}"#,
                action: "survey_respondent.respond")
            try await walk.fails("closeSurveyCampaign", .post, "/v1/survey-campaigns/\(surveyCampaign)/closure", "{}", status: .preconditionFailed, headers: stale)
            try await walk.succeeds("closeSurveyCampaign", .post, "/v1/survey-campaigns/\(surveyCampaign)/closure", "{}", action: "survey_campaign.close")
            try await walk.fails(
                "writeSurveyAnalysis", .put, "/v1/survey-campaigns/\(surveyCampaign)/analysis", #"{"analysis":"分析"}"#, status: .preconditionFailed,
                headers: stale)
            try await walk.succeeds(
                "writeSurveyAnalysis", .put, "/v1/survey-campaigns/\(surveyCampaign)/analysis", #"{"analysis":"回收2份","commonIssues":"无"}"#,
                action: "survey_campaign.analysis")
            let surveyFollowUps = try await TestApp.send(client, walk.headers, .get, "/v1/survey-campaigns/\(surveyCampaign)/follow-ups")
            let followUp = try #require(((surveyFollowUps.json["items"] as? [[String: Any]])?.first?["id"] as? NSNumber)?.int64Value)
            try await walk.fails("completeSurveyFollowUp", .post, "/v1/survey-follow-ups/\(followUp)/completion", #"{"note":""}"#, status: .unprocessableContent)
            try await walk.succeeds(
                "completeSurveyFollowUp", .post, "/v1/survey-follow-ups/\(followUp)/completion", #"{"note":"已回访"}"#, action: "survey_follow_up.complete")

            // Complaint summaries (CMP-5): October's, compiled, revised, approved.
            try await walk.fails("prepareComplaintSummary", .post, "/v1/complaint-summaries", #"{"officeId":\#(office),"period":"month","day":"2027-01-15"}"#, status: .unprocessableContent)
            let summary = try Self.id(try await walk.succeeds(
                "prepareComplaintSummary", .post, "/v1/complaint-summaries", #"{"officeId":\#(office),"period":"month","day":"2026-10-15"}"#,
                action: "complaint_summary.create"))
            try await walk.fails("reviseComplaintSummary", .put, "/v1/complaint-summaries/\(summary)", #"{"handling":"无"}"#, status: .preconditionFailed, headers: stale)
            try await walk.fails("approveComplaintSummary", .post, "/v1/complaint-summaries/\(summary)/approve", status: .conflict)  // no handling yet
            try await walk.succeeds("reviseComplaintSummary", .put, "/v1/complaint-summaries/\(summary)", #"{"handling":"本月无投诉"}"#, action: "complaint_summary.update")
            try await walk.succeeds("approveComplaintSummary", .post, "/v1/complaint-summaries/\(summary)/approve", action: "complaint_summary.approve")

            // Responsibilities and staff accounts.
            try await walk.fails(
                "setResponsibility", .put, "/v1/offices/\(office)/responsibilities/complaint", #"{"team":"customer_service","defaultUserId":\#(missing)}"#,
                status: .unprocessableContent)
            try await walk.succeeds(
                "setResponsibility", .put, "/v1/offices/\(office)/responsibilities/complaint", #"{"team":"customer_service"}"#, action: "responsibility.create")
            let username = TestFixtures.unique("audit")
            try await walk.fails("createUser", .post, "/v1/users", #"{"username":"\#(username)","password":"short","roles":[]}"#, status: .unprocessableContent)
            let user = try Self.id(try await walk.succeeds(
                "createUser", .post, "/v1/users",
                #"{"username":"\#(username)","password":"\#(TestFixtures.password)","roles":["FRONT_DESK"],"officeIds":[\#(office)]}"#,
                action: "staff_user.create"))
            try await walk.fails(
                "updateUser", .put, "/v1/users/\(user)", #"{"displayName":"前台","roles":["FRONT_DESK"],"officeIds":[\#(office)],"active":true}"#,
                status: .preconditionFailed, headers: stale)
            try await walk.succeeds(
                "updateUser", .put, "/v1/users/\(user)", #"{"displayName":"前台","roles":["FRONT_DESK"],"officeIds":[\#(office)],"active":true}"#,
                action: "staff_user.update")
            try await walk.fails("resetUserPassword", .put, "/v1/users/\(user)/password", #"{"newPassword":"short"}"#, status: .unprocessableContent)
            try await walk.succeeds("resetUserPassword", .put, "/v1/users/\(user)/password", #"{"newPassword":"\#(newPassword)"}"#, action: "staff_user.reset_password")

            // Logging out: without a token it is refused; with one it is audited.
            try await walk.fails("deleteCurrentSession", .delete, "/v1/sessions/current", status: .unauthorized, headers: [.authorization: "Bearer nope"])
            try await walk.succeeds("deleteCurrentSession", .delete, "/v1/sessions/current", action: "session.revoke")

            let declared = try Self.mutationOperations().subtracting(Self.eventSourced).subtracting(Self.readingPosts)
            #expect(declared.count > 30, "the openapi.yaml scan found \(declared.count) mutation operations")
            #expect(declared.subtracting(walk.covered).sorted() == [], "mutation endpoints this walk does not cover")
            #expect(walk.covered.subtracting(declared).sorted() == [])
        }
        await admin.shutdown()
    }
}
