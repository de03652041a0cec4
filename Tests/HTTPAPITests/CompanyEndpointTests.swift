import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Company settings and the working-day calendar through HTTP (BI-3).
@Suite("Company and calendar endpoints (BI-3)", .serialized)
struct CompanyEndpointTests {
    static let suite = "http_company"

    func app() async throws -> (Application<RouterResponder<AppRequestContext>>, admin: String, desk: String) {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (_, code) = try await TestFixtures.newOffice("C", suite: Self.suite)
        let admin = TestFixtures.unique("admin"), desk = TestFixtures.unique("desk")
        try await TestFixtures.user(admin, roles: [.adminStaff], department: "ADMIN", database: database)
        try await TestFixtures.user(desk, roles: [.frontDesk], officeCodes: [String(code)], database: database)
        return (Application(router: try TestApp.router(database: database)), admin, desk)
    }

    @Test("BI-3: the company defaults to Asia/Shanghai; an unknown zone → 422; a valid change → 200 and one audit row")
    func companySettings() async throws {
        let (app, admin, desk) = try await app()
        try await app.test(.router) { client in
            let deskHeaders = try await TestApp.login(client, desk)
            try await client.execute(uri: "/v1/company", method: .get, headers: deskHeaders) { response in
                #expect(response.status == .ok)
                let body = try TestApp.json(response.body)
                #expect(body["timeZone"] as? String == "Asia/Shanghai")
            }
            try await client.execute(
                uri: "/v1/company", method: .put, headers: deskHeaders, body: ByteBuffer(string: #"{"name":"x","timeZone":"Asia/Shanghai"}"#)
            ) { #expect($0.status == .forbidden) }
            let headers = try await TestApp.login(client, admin)
            try await client.execute(
                uri: "/v1/company", method: .put, headers: headers, body: ByteBuffer(string: #"{"name":"物业公司","timeZone":"Mars/Olympus"}"#)
            ) { response in
                #expect(response.status == .unprocessableContent)
                let errors = try #require(try TestApp.json(response.body)["errors"] as? [[String: String]])
                #expect(errors.map { $0["field"] } == ["timeZone"])
            }
            try await client.execute(
                uri: "/v1/company", method: .put, headers: headers, body: ByteBuffer(string: #"{"name":"华南物业","timeZone":"Asia/Hong_Kong"}"#)
            ) { response in
                #expect(response.status == .ok)
                let body = try TestApp.json(response.body)
                #expect(body["timeZone"] as? String == "Asia/Hong_Kong")
            }
            #expect(try await TestFixtures.auditCount(action: "company.update", changed: "time_zone", to: "Asia/Hong_Kong", suite: Self.suite) == 1)
        }
    }

    @Test("BI-3: holidays on weekdays and make-up workdays on weekends are set, listed, replaced and removed")
    func calendar() async throws {
        let (app, admin, _) = try await app()
        try await app.test(.router) { client in
            let headers = try await TestApp.login(client, admin)
            try await client.execute(
                uri: "/v1/calendar-days/2026-10-01", method: .put, headers: headers, body: ByteBuffer(string: #"{"kind":"holiday","name":"国庆节"}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(
                uri: "/v1/calendar-days/2026-10-10", method: .put, headers: headers, body: ByteBuffer(string: #"{"kind":"workday","name":"调休"}"#)
            ) { #expect($0.status == .ok) }
            // A make-up workday on a Monday changes nothing: refused.
            try await client.execute(
                uri: "/v1/calendar-days/2026-10-12", method: .put, headers: headers, body: ByteBuffer(string: #"{"kind":"workday"}"#)
            ) { #expect($0.status == .unprocessableContent) }
            try await client.execute(
                uri: "/v1/calendar-days/2026-13-01", method: .put, headers: headers, body: ByteBuffer(string: #"{"kind":"holiday"}"#)
            ) { #expect($0.status == .unprocessableContent) }
            try await client.execute(uri: "/v1/calendar-days?from=2026-09-01&to=2026-10-31", method: .get, headers: headers) { response in
                let items = try #require(try TestApp.json(response.body)["items"] as? [[String: String]])
                #expect(items.map { $0["day"] } == ["2026-10-01", "2026-10-10"])
                #expect(items.map { $0["kind"] } == ["holiday", "workday"])
            }
            try await client.execute(uri: "/v1/calendar-days?from=2026-01-01&to=2027-06-01", method: .get, headers: headers) { response in
                #expect(response.status == .unprocessableContent)  // more than 366 days
            }
            try await client.execute(uri: "/v1/calendar-days/2026-10-10", method: .delete, headers: headers) { #expect($0.status == .noContent) }
            try await client.execute(uri: "/v1/calendar-days/2026-10-10", method: .delete, headers: headers) { #expect($0.status == .notFound) }
            #expect(try await TestFixtures.auditCount(action: "calendar_day.delete", entityID: "2026-10-10", suite: Self.suite) == 1)
        }
    }
}
