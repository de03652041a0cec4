import Crypto
import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import TestSupport
import Testing

/// Attachments (issue 9 item 9): a ticket's photo stored with its SHA-256 and read back byte for byte by
/// whoever may read the ticket; mislabeled, unknown and oversized uploads refused with nothing stored;
/// another office neither reads nor writes.
@Suite("Attachments")
struct AttachmentEndpointTests {
    static let suite = "http_attachments"

    /// The 8-byte PNG signature and a little more: enough for the type to show.
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array("IHDR 现场照片".utf8))
    static let pdf = Data("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n".utf8)

    @Test("a ticket's photo: stored with its SHA-256, listed, downloaded byte for byte with its type and name; HQ reads it, office B does not")
    func storeAndRead() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("A", suite: Self.suite)
        let (_, otherCode) = try await TestFixtures.newOffice("B", suite: Self.suite)
        let techName = TestFixtures.unique("tech"), otherName = TestFixtures.unique("tech"), financeName = TestFixtures.unique("fin")
        try await TestFixtures.user(techName, roles: [.technician], officeCodes: [code], database: database)
        try await TestFixtures.user(otherName, roles: [.technician], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(financeName, roles: [.financeStaff], department: "FINANCE", database: database)
        let ticket = try await TestFixtures.ticket(office: office, suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let tech = try await TestApp.login(client, techName)
            func upload(_ headers: HTTPFields, _ type: String, _ bytes: Data, name: String = "%E7%8E%B0%E5%9C%BA.png", subject: String = "ticket", id: Int64? = nil)
                async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
                var headers = headers
                headers[.contentType] = type
                return try await client.execute(
                    uri: "/v1/attachments?subject=\(subject)&subjectId=\(id ?? ticket)&fileName=\(name)", method: .post, headers: headers,
                    body: ByteBuffer(bytes: bytes)
                ) { response in
                    let text = String(buffer: response.body)
                    return (response.status, (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]) ?? [:])
                }
            }
            let stored = try await upload(tech, "image/png", Self.png)
            #expect(stored.status == .created, "\(stored.json)")
            let id = try #require((stored.json["id"] as? NSNumber)?.int64Value)
            let digest = SHA256.hash(data: Self.png).map { String(format: "%02x", $0) }.joined()
            #expect(stored.json["sha256"] as? String == digest)
            #expect(stored.json["byteSize"] as? Int == Self.png.count)
            #expect(stored.json["fileName"] as? String == "现场.png")
            #expect(stored.json["mediaType"] as? String == "image/png")

            let listed = try await TestApp.send(client, tech, .get, "/v1/attachments?subject=ticket&subjectId=\(ticket)")
            #expect((listed.json["items"] as? [[String: Any]])?.count == 1)

            let download = { (headers: HTTPFields) in
                try await client.execute(uri: "/v1/attachments/\(id)", method: .get, headers: headers) { response in
                    (response.status, Data(response.body.readableBytesView), response.headers[.contentType], response.headers[.contentDisposition],
                     response.headers[.eTag])
                }
            }
            let got = try await download(tech)
            #expect(got.0 == .ok)
            #expect(got.1 == Self.png)
            #expect(got.2 == "image/png")
            #expect(got.3 == "attachment; filename=\"__.png\"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA.png")
            #expect(got.4 == "\"\(digest)\"")
            // HQ reads every office's tickets, so their files; office B sees neither the ticket nor its files.
            #expect(try await download(try await TestApp.login(client, financeName)).0 == .ok)
            let other = try await TestApp.login(client, otherName)
            #expect(try await download(other).0 == .notFound)
            #expect(try await TestApp.send(client, other, .get, "/v1/attachments?subject=ticket&subjectId=\(ticket)").status == .notFound)
            #expect(try await upload(other, "image/png", Self.png).status == .notFound)
            // A PDF is kept too.
            #expect(try await upload(tech, "application/pdf", Self.pdf, name: "签收单.pdf").status == .created)
        }
    }

    @Test("an oversized, mislabeled or unknown upload is refused with nothing stored")
    func refusals() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let (office, code) = try await TestFixtures.newOffice("A", suite: Self.suite)
        let techName = TestFixtures.unique("tech")
        try await TestFixtures.user(techName, roles: [.technician], officeCodes: [code], database: database)
        let ticket = try await TestFixtures.ticket(office: office, suite: Self.suite)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let tech = try await TestApp.login(client, techName)
            func status(_ type: String, _ bytes: Data, name: String = "photo.png") async throws -> (HTTPResponse.Status, String?) {
                var headers = tech
                headers[.contentType] = type
                return try await client.execute(
                    uri: "/v1/attachments?subject=ticket&subjectId=\(ticket)&fileName=\(name)", method: .post, headers: headers,
                    body: ByteBuffer(bytes: bytes)
                ) { ($0.status, $0.headers[.contentType]) }
            }
            let oversized = Self.png + Data(count: 10 * 1024 * 1024 + 1 - Self.png.count)
            #expect(try await status("image/png", oversized) == (.contentTooLarge, "application/problem+json"))
            #expect(try await status("image/jpeg", Self.png).0 == .unsupportedMediaType)  // PNG bytes labeled JPEG
            #expect(try await status("application/pdf", Data("not a pdf at all".utf8)).0 == .unsupportedMediaType)
            #expect(try await status("text/plain", Data("hello".utf8)).0 == .unsupportedMediaType)
            #expect(try await status("image/png", Data()).0 == .unsupportedMediaType)
            #expect(try await status("image/png", Self.png, name: "..%2Fetc%2Fpasswd").0 == .unprocessableContent)
            #expect(try await status("image/png", Self.png).0 == .created)

            let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
            let stored: Int = try await admin.withConnection { connection in
                try await connection.query("SELECT count(*) AS n FROM liaison.attachment WHERE subject = 'ticket' AND subject_id = \(ticket)")
                    .single().decode("n")
            }
            await admin.shutdown()
            #expect(stored == 1)
        }
    }
}
