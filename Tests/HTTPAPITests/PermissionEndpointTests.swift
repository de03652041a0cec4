import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// ORG-5/ORG-6 through HTTP: for every role and every action of the matrix, one
/// request that needs exactly that action is allowed (not 403) or refused (403).
@Suite("Permission matrix through HTTP (ORG-5, ORG-6)")
struct PermissionEndpointTests {
    static let suite = "http_permissions"

    /// A request that needs the action, made in the office the office roles belong to.
    typealias Probe = @Sendable (any TestClientProtocol, HTTPFields, Int64) async throws -> HTTPResponse.Status

    static func probe(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil) -> Probe {
        { client, headers, _ in
            try await client.execute(uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) }) { $0.status }
        }
    }

    static let probes: [Action: Probe] = [
        .readOrganization: probe(.get, "/v1/departments?limit=1"),
        .manageOrganization: { client, headers, _ in
            let code = "P" + TestFixtures.unique("").uppercased().prefix(10)
            return try await client.execute(
                uri: "/v1/departments", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"code":"\#(code)","name":"探针部门"}"#)) { $0.status }
        },
        .manageEstates: { client, headers, office in
            let code = "P" + TestFixtures.unique("").uppercased().prefix(10)
            return try await client.execute(
                uri: "/v1/estates", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"code":"\#(code)","name":"探针","kind":"residential"}"#)) { $0.status }
        },
        .readAudit: probe(.get, "/v1/audit?limit=1"),
        .readUsers: probe(.get, "/v1/users?limit=1"),
        .manageResponsibilities: { client, headers, office in
            try await client.execute(
                uri: "/v1/offices/\(office)/responsibilities/complaint", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"team":"customer_service"}"#)) { $0.status }
        },
        .readTickets: probe(.get, "/v1/tickets?limit=1"),
        .recordTickets: { client, headers, office in
            try await client.execute(
                uri: "/v1/tickets", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"source":"owner_call","category":"inquiry","urgency":"normal","serviceMode":"immediate","contactName":"探针","content":"停车卡怎么办理"}"#)
            ) { $0.status }
        },
        .processTickets: { client, headers, office in
            let ticket = try await TestFixtures.ticket(office: office, suite: suite)
            return try await client.execute(
                uri: "/v1/tickets/\(ticket)/events", method: .post, headers: headers, body: ByteBuffer(string: #"{"kind":"note","text":"探针"}"#)
            ) { $0.status }
        },
        .manageSLAPolicy: { client, headers, office in
            try await client.execute(
                uri: "/v1/sla-policy?officeId=\(office)", method: .put, headers: headers,
                body: ByteBuffer(string: #"{"rules":[{"clock":"plan","unit":"seconds","amount":240}]}"#)
            ) { $0.status }
        },
        .manageReturnVisitSamples: probe(.post, "/v1/return-visit-samples", #"{"week":"2026-11-16"}"#),
        .answerEscalations: { client, headers, office in
            let form = try await TestFixtures.escalation(office: office, department: "QUALITY", suite: suite)
            return try await client.execute(
                uri: "/v1/escalations/\(form)/commitment", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"completeBy":"\#(Date().addingTimeInterval(86_400).formatted(.iso8601))"}"#)
            ) { $0.status }
        },
        .correctComplaints: { client, headers, office in
            let ticket = try await TestFixtures.ticket(office: office, category: "complaint", suite: suite)
            return try await client.execute(
                uri: "/v1/tickets/\(ticket)/corrective-action", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"plan":"探针纠正计划"}"#)
            ) { $0.status }
        },
        .prepareComplaintSummaries: { client, headers, office in
            // A new office per role, so each role compiles its own October summary.
            try await client.execute(
                uri: "/v1/complaint-summaries", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"period":"month","day":"2026-10-15","handling":"探针"}"#)
            ) { $0.status }
        },
        .approveComplaintSummaries: { client, headers, office in
            let summary = try await TestFixtures.complaintSummary(office: office, suite: suite)
            return try await client.execute(uri: "/v1/complaint-summaries/\(summary)/approve", method: .post, headers: headers) { $0.status }
        },
        .readKPIs: { client, headers, office in
            try await client.execute(uri: "/v1/offices/\(office)/kpi?period=month", method: .get, headers: headers) { $0.status }
        },
        .readCommunications: probe(.get, "/v1/developer-matters?limit=1"),
        .recordCommunications: { client, headers, office in
            let estate = try await TestFixtures.estateWithDeveloper(office: office, suite: suite)
            return try await client.execute(
                uri: "/v1/communications", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"estateId":\#(estate),"party":"developer","channel":"phone","occurredAt":"2026-11-22T10:00:00Z","counterparts":"探针","summary":"探针"}"#)
            ) { $0.status }
        },
        .signOutgoingDocuments: { client, headers, office in
            let estate = try await TestFixtures.estateWithDeveloper(office: office, suite: suite)
            return try await client.execute(
                uri: "/v1/outgoing-documents", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"estateId":\#(estate),"recipient":"探针","subject":"探针","channel":"letter","copyText":"探针"}"#)
            ) { $0.status }
        },
        .draftDocuments: { client, headers, office in
            let document = try await TestFixtures.document(office: office, kind: "quarterly_report", suite: suite)
            return try await client.execute(
                uri: "/v1/documents/\(document)", method: .put, headers: headers, body: ByteBuffer(string: #"{"title":"探针","body":"探针"}"#)
            ) { $0.status }
        },
        .reviewCommitteeMinutes: { client, headers, office in
            let document = try await TestFixtures.document(office: office, kind: "committee_minutes", status: "in_review", step: 0, suite: suite)
            return try await client.execute(
                uri: "/v1/documents/\(document)/decisions", method: .post, headers: headers, body: ByteBuffer(string: #"{"decision":"approve"}"#)
            ) { $0.status }
        },
        .writeReportFinance: { client, headers, office in
            let document = try await TestFixtures.document(office: office, kind: "quarterly_report", suite: suite)
            return try await client.execute(
                uri: "/v1/documents/\(document)/finance-section", method: .put, headers: headers, body: ByteBuffer(string: #"{"text":"探针"}"#)
            ) { $0.status }
        },
        .reviewReports: { client, headers, office in
            let document = try await TestFixtures.document(
                office: office, kind: "quarterly_report", status: "in_review", step: 0, finance: true, suite: suite)
            return try await client.execute(
                uri: "/v1/documents/\(document)/decisions", method: .post, headers: headers, body: ByteBuffer(string: #"{"decision":"approve"}"#)
            ) { $0.status }
        },
        .approveReports: { client, headers, office in
            let document = try await TestFixtures.document(
                office: office, kind: "quarterly_report", status: "in_review", step: 1, finance: true, suite: suite)
            return try await client.execute(
                uri: "/v1/documents/\(document)/decisions", method: .post, headers: headers, body: ByteBuffer(string: #"{"decision":"approve"}"#)
            ) { $0.status }
        },
        .readMeetings: probe(.get, "/v1/meetings?limit=1"),
        .manageMeetings: { client, headers, office in
            try await client.execute(
                uri: "/v1/meetings", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"type":"office_morning","title":"探针早会","scheduledAt":"2026-11-23T00:30:00Z"}"#)
            ) { $0.status }
        },
        .readConsulting: probe(.get, "/v1/consulting-projects?limit=1"),
        .readSafety: probe(.get, "/v1/safety-deviations?limit=1"),
        .organizeSafety: { client, headers, office in
            try await client.execute(
                uri: "/v1/safety-areas", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"name":"探针\#(TestFixtures.unique(""))"}"#)
            ) { $0.status }
        },
        .observeSafety: { client, headers, office in
            let area = try await TestFixtures.safetyArea(office: office, suite: suite)
            return try await client.execute(
                uri: "/v1/stop-cards", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"kind":"random","areaId":\#(area),"observedAt":"2026-11-22T11:00:00Z","observations":[{"category":"positions","safe":true,"actions":["praise"]}]}"#)
            ) { $0.status }
        },
        .approveSafetyDeviations: { client, headers, office in
            try await client.execute(
                uri: "/v1/safety-deviations", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"clause":"5.4.1","deviation":"探针","reasons":"探针","startsOn":"2026-11-22","endsOn":"2027-11-21"}"#)
            ) { $0.status }
        },
        .manageConsulting: { client, headers, _ in
            let fixture = try await TestFixtures.consultingProject(suite: suite)
            return try await client.execute(
                uri: "/v1/consulting-projects", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"name":"探针\#(TestFixtures.unique(""))","developerId":\#(fixture.developer),"consultantIds":[\#(fixture.consultant)],"startedOn":"2026-01-01"}"#)
            ) { $0.status }
        },
        .writeConsulting: { client, headers, _ in
            let fixture = try await TestFixtures.consultingProject(suite: suite)
            return try await client.execute(
                uri: "/v1/consulting-projects/\(fixture.project)/deliverables", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"kind":"proposal","title":"探针建议书","deliveredOn":"2026-11-20"}"#)
            ) { $0.status }
        },
        .reviewSafetyReports: { client, headers, office in
            let report = try await TestFixtures.safetyReportInReview(office: office, suite: suite)
            return try await client.execute(
                uri: "/v1/safety-reports/\(report)/decisions", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"decision":"reject","comment":"探针"}"#)
            ) { $0.status }
        },
        .approveSafetyReports: { client, headers, _ in
            let report = try await TestFixtures.safetyReportInReview(office: nil, suite: suite)
            return try await client.execute(
                uri: "/v1/safety-reports/\(report)/decisions", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"decision":"approve"}"#)
            ) { $0.status }
        },
        .recordInformation: { client, headers, office in
            try await client.execute(
                uri: "/v1/information-entries", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"direction":"internal","sourceKind":"office","source":"探针","content":"探针","receivedAt":"2026-11-22T10:00:00Z"}"#)
            ) { $0.status }
        },
        .manageInformation: { client, headers, office in
            let entry = try await TestFixtures.informationEntry(office: office, suite: suite)
            return try await client.execute(uri: "/v1/information-entries/\(entry)/closure", method: .post, headers: headers) { $0.status }
        },
        .approveInformationReports: { client, headers, office in
            let entry = try await TestFixtures.informationEntry(office: office, withReport: true, suite: suite)
            return try await client.execute(uri: "/v1/information-entries/\(entry)/action-report/approval", method: .post, headers: headers) { $0.status }
        },
        .readSales: probe(.get, "/v1/sales-receivables?limit=1"),
        .writeSales: { client, headers, office in
            try await client.execute(
                uri: "/v1/sales-buyers", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"name":"探针买家","phone":"138"}"#)
            ) { $0.status }
        },
        .recordSalePayments: { client, headers, office in
            let fixture = try await TestFixtures.reservedSale(office: office, suite: suite)
            return try await client.execute(
                uri: "/v1/sales/\(fixture.sale)/payments", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"stageId":\#(fixture.stage),"amount":"1.00","bookedOn":"2026-11-22"}"#)
            ) { $0.status }
        },
        .readNotices: probe(.get, "/v1/customer-notices?limit=1"),
        .writeNotices: { client, headers, office in
            try await client.execute(
                uri: "/v1/customer-notices", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"kind":"other","title":"探针","body":"探针","validFrom":"2026-11-22T00:00:00Z","validUntil":"2026-11-30T00:00:00Z"}"#)
            ) { $0.status }
        },
        .publishNotices: { client, headers, office in
            let notice = try await TestFixtures.customerNotice(office: office, suite: suite)
            return try await client.execute(uri: "/v1/customer-notices/\(notice)/publication", method: .post, headers: headers) { $0.status }
        },
        .readSurveys: probe(.get, "/v1/survey-campaigns?limit=1"),
        .designSurveys: { client, headers, _ in
            try await client.execute(
                uri: "/v1/survey-templates", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"name":"\#(TestFixtures.unique("探针问卷"))","questions":[{"area":"security","kind":"scale","text":"探针"}]}"#)
            ) { $0.status }
        },
        .runSurveys: { client, headers, office in
            let template = try await TestFixtures.surveyTemplate(suite: suite)
            _ = try await TestFixtures.occupiedUnits(office: office, count: 1, suite: suite)
            return try await client.execute(
                uri: "/v1/survey-campaigns", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"name":"探针","variant":"year_end_full","templateId":\#(template),"opensOn":"2026-12-01","closesOn":"2026-12-20"}"#)
            ) { $0.status }
        },
        .readActivities: probe(.get, "/v1/community-activities?limit=1"),
        .planActivities: { client, headers, office in
            try await client.execute(
                uri: "/v1/community-activities", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"title":"探针","heldOn":"2026-11-20","place":"会所","participantCount":1}"#)
            ) { $0.status }
        },
        .approveActivityPlans: { client, headers, office in
            let plan = try await TestFixtures.activityPlanInReview(office: office, suite: suite)
            return try await client.execute(
                uri: "/v1/activity-plans/\(plan)/decisions", method: .post, headers: headers, body: ByteBuffer(string: #"{"decision":"approve"}"#)
            ) { $0.status }
        },
        .readExchanges: probe(.get, "/v1/office-exchanges?limit=1"),
        .recordExchanges: { client, headers, office in
            try await client.execute(
                uri: "/v1/office-exchanges", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"kind":"training","heldOn":"2026-11-20","topic":"探针","participants":"探针","participantCount":1}"#)
            ) { $0.status }
        },
        .writeToMailbox: probe(.post, "/v1/mailbox-letters", #"{"category":"question","subject":"探针","body":"探针"}"#),
        .answerMailbox: { client, headers, _ in
            let letter = try await TestFixtures.mailboxLetter(suite: suite)
            return try await client.execute(
                uri: "/v1/mailbox-letters/\(letter)/answer", method: .post, headers: headers, body: ByteBuffer(string: #"{"kind":"reply","text":"探针"}"#)
            ) { $0.status }
        },
        .submitStaffNeeds: probe(.get, "/v1/staff-needs-censuses"),
        .manageStaffNeeds: { client, headers, _ in
            let census = try await TestFixtures.staffNeedsCensus(suite: suite)
            return try await client.execute(uri: "/v1/staff-needs-censuses/\(census)/progress", method: .get, headers: headers) { $0.status }
        },
        .manageServiceGuide: { client, headers, office in
            let code = String(UUID().uuidString.prefix(8))
            return try await client.execute(
                uri: "/v1/service-items", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"officeId":\#(office),"code":"\#(code)","name":"探针","unit":"次","price":"10.00"}"#)
            ) { $0.status }
        },
        .manageUsers: { client, headers, office in
            let username = TestFixtures.unique("probe")
            return try await client.execute(
                uri: "/v1/users", method: .post, headers: headers,
                body: ByteBuffer(string: #"{"username":"\#(username)","password":"\#(TestFixtures.password)","roles":["FRONT_DESK"],"officeIds":[\#(office)]}"#)
            ) { $0.status }
        },
    ]

    @Test("every action of the matrix has a probe")
    func everyActionIsCovered() {
        for action in Action.allCases {
            #expect(Self.probes[action] != nil, "\(action) has no probe")
        }
    }

    @Test("each role gets exactly the matrix's answer for each probed action", arguments: Role.allCases)
    func roleAgainstEveryAction(role: Role) async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, officeCode) = try await TestFixtures.newOffice("M", suite: Self.suite)
        let username = TestFixtures.unique(role.rawValue.lowercased().replacingOccurrences(of: "_", with: "-"))
        // HQ roles belong to QUALITY: a fault escalation form probe is sent there (INF-3 checks membership after the matrix).
        try await TestFixtures.user(
            username, roles: [role], officeCodes: role.actsAcrossOffices ? [] : [String(officeCode)],
            department: role.actsAcrossOffices ? "QUALITY" : nil, database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, username)
            for (action, probe) in Self.probes {
                let status = try await probe(client, headers, office)
                let allowed = PermissionMatrix.scope(of: [role], for: action) != nil
                if allowed {
                    #expect(status.code < 400, "\(role.rawValue) should be allowed \(action.rawValue), got \(status.code)")
                } else {
                    #expect(status == .forbidden, "\(role.rawValue) must be refused \(action.rawValue), got \(status.code)")
                }
            }
        }
    }
}
