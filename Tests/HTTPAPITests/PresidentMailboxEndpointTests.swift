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

/// The president's mailbox through HTTP (INF-7, seed 000 五(八)): anyone on staff writes, named or anonymously; the
/// leadership reads every letter and a named leader answers each once; a writer reads only their own — an anonymous
/// one only with its receipt key, since nothing else ties it to them.
@Suite("The president's mailbox (INF-7)")
struct PresidentMailboxEndpointTests {
    static let suite = "http_president_mailbox"

    struct People {
        let office: Int64
        let writer: StaffUser
        let colleague: String
        let manager: String
        let president: StaffUser
        let managementRep: String
    }

    static func people(database: Database) async throws -> People {
        let (office, code) = try await TestFixtures.newOffice("M", suite: suite)
        let writer = try await TestFixtures.user(TestFixtures.unique("desk"), roles: [.frontDesk], officeCodes: [code], database: database)
        let colleague = TestFixtures.unique("desk"), manager = TestFixtures.unique("mgr"), rep = TestFixtures.unique("rep")
        try await TestFixtures.user(colleague, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(manager, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(rep, roles: [.managementRep], database: database)
        let president = try await TestFixtures.user(TestFixtures.unique("gm"), roles: [.generalManager], database: database)
        return People(office: office, writer: writer, colleague: colleague, manager: manager, president: president, managementRep: rep)
    }

    static func ids(_ json: [String: Any]) -> [Int64] {
        (json["items"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? NSNumber)?.int64Value }
    }

    @Test("INF-7: a named letter is read by its writer and the leadership only — not a colleague, not the office manager; a named leader answers it once")
    func namedLetter() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let people = try await Self.people(database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let writer = try await TestApp.login(client, people.writer.username)
            #expect(try await TestApp.send(client, writer, .post, "/v1/mailbox-letters", #"{"category":"complaint","subject":"","body":"x"}"#).status
                == .unprocessableContent)
            let sent = try await TestApp.send(
                client, writer, .post, "/v1/mailbox-letters", #"{"category":"complaint","subject":"排班","body":"夜班连续排了三周，希望轮换"}"#)
            #expect(sent.status == .created, "\(sent.json)")
            let id = try #require((sent.json["id"] as? NSNumber)?.int64Value)
            #expect(sent.json["anonymous"] as? Bool == false)
            #expect((sent.json["submittedBy"] as? NSNumber)?.int64Value == people.writer.id)
            #expect(sent.json["receiptKey"] == nil)

            for name in [people.colleague, people.manager] {
                let other = try await TestApp.login(client, name)
                #expect(try await TestApp.send(client, other, .get, "/v1/mailbox-letters/\(id)").status == .notFound, "\(name)")
                #expect(Self.ids(try await TestApp.send(client, other, .get, "/v1/mailbox-letters").json).isEmpty, "\(name)")
            }
            #expect(Self.ids(try await TestApp.send(client, writer, .get, "/v1/mailbox-letters").json) == [id])
            #expect(try await TestApp.send(client, writer, .post, "/v1/mailbox-letters/\(id)/answer", #"{"kind":"reply","text":"好"}"#).status
                == .forbidden)

            let rep = try await TestApp.login(client, people.managementRep)
            #expect(Self.ids(try await TestApp.send(client, rep, .get, "/v1/mailbox-letters?answered=false&category=complaint").json).contains(id))
            let president = try await TestApp.login(client, people.president.username)
            let answerURI = "/v1/mailbox-letters/\(id)/answer"
            #expect(try await TestApp.send(client, president, .post, answerURI, #"{"kind":"reply","text":"好","documentReference":"文"}"#).status
                == .unprocessableContent)
            #expect(try await TestApp.send(client, president + [.ifMatch: "\"v9\""], .post, answerURI, #"{"kind":"reply","text":"好"}"#).status
                == .preconditionFailed)
            let answered = try await TestApp.send(
                client, president + [.ifMatch: "\"v1\""], .post, answerURI, #"{"kind":"in_person","text":"已当面沟通，下月起夜班每两周轮换"}"#)
            #expect(answered.status == .ok, "\(answered.json)")
            #expect(try await TestApp.send(client, rep, .post, answerURI, #"{"kind":"reply","text":"再答"}"#).status == .conflict)

            let read = try await TestApp.send(client, writer, .get, "/v1/mailbox-letters/\(id)")
            let answer = try #require(read.json["answer"] as? [String: Any])
            #expect(answer["kind"] as? String == "in_person")
            #expect(answer["answeredByName"] as? String == people.president.displayName)
            #expect((answer["answeredBy"] as? NSNumber)?.int64Value == people.president.id)
            #expect(Self.ids(try await TestApp.send(client, rep, .get, "/v1/mailbox-letters?answered=false").json).contains(id) == false)
        }
    }

    @Test("INF-7: an anonymous letter names nobody — not in its row, not in the audit trail — and only its receipt key reads the answer")
    func anonymousLetter() async throws {
        let database = try await TestDatabase.appDatabase(suite: Self.suite)
        let people = try await Self.people(database: database)
        let app = Application(router: try TestApp.router(database: database))
        try await app.test(.router) { client in
            let writer = try await TestApp.login(client, people.writer.username)
            let sent = try await TestApp.send(
                client, writer, .post, "/v1/mailbox-letters",
                #"{"category":"question","subject":"加班费","body":"上月加班费为何没有发放？","anonymous":true}"#)
            #expect(sent.status == .created, "\(sent.json)")
            let id = try #require((sent.json["id"] as? NSNumber)?.int64Value)
            let key = try #require(sent.json["receiptKey"] as? String)
            #expect(key.count == 43)
            #expect(sent.json["anonymous"] as? Bool == true)
            #expect(sent.json["submittedBy"] == nil)

            // Nothing stored ties the letter to its writer: no submitter, the key only as its SHA-256, an audit row
            // with no user, no request id and no field naming them.
            let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
            let (row, audit) = try await admin.withConnection { connection in
                (try await connection.query("""
                    SELECT submitted_by IS NULL AS nameless, receipt_digest FROM liaison.mailbox_letter WHERE id = \(id)
                    """).single(),
                 try await connection.query("""
                    SELECT actor_user_id, actor_username, request_id, changes::text AS changes FROM audit.event
                    WHERE action = 'mailbox_letter.create' AND entity_id = \(String(id))
                    """).single())
            }
            await admin.shutdown()
            #expect(try row.decode("nameless", as: Bool.self))
            #expect(try row.decode("receipt_digest", as: Data.self) == Data(SHA256.hash(data: Data(key.utf8))))
            #expect(try audit.decode("actor_user_id", as: Int64?.self) == nil)
            #expect(try audit.decode("actor_username", as: String.self) == "anonymous")
            #expect(try audit.decode("request_id", as: String?.self) == nil)
            let changes: String = try audit.decode("changes")
            #expect(!changes.contains(people.writer.username) && !changes.contains("\"\(people.writer.id)\""))

            // The writer's own list does not show it either: only the key opens it, and reading writes nothing.
            #expect(!Self.ids(try await TestApp.send(client, writer, .get, "/v1/mailbox-letters").json).contains(id))
            #expect(try await TestApp.send(client, writer, .get, "/v1/mailbox-letters/\(id)").status == .notFound)
            // This letter's audit rows only: the suite's other tests write letters at the same time.
            func letterAuditRows() async throws -> Int {
                let admin = TestDatabase.adminDatabase(url: try await TestDatabase.forSuite(Self.suite), maxConnections: 1)
                let count: Int = try await admin.withConnection { connection in
                    try await connection.query("""
                        SELECT count(*) AS n FROM audit.event WHERE action LIKE 'mailbox\\_letter.%' AND entity_id = \(String(id))
                        """).single().decode("n")
                }
                await admin.shutdown()
                return count
            }
            let auditBefore = try await letterAuditRows()
            let opened = try await TestApp.send(client, writer, .post, "/v1/mailbox-receipts", #"{"receiptKey":"\#(key)"}"#)
            #expect(opened.status == .ok)
            #expect((opened.json["id"] as? NSNumber)?.int64Value == id)
            #expect(opened.json["answer"] == nil)
            #expect(try await letterAuditRows() == auditBefore)
            for forged in [String(repeating: "A", count: 43), "short", String(key.dropLast()) + (key.hasSuffix("A") ? "B" : "A")] {
                #expect(try await TestApp.send(client, writer, .post, "/v1/mailbox-receipts", #"{"receiptKey":"\#(forged)"}"#).status == .notFound)
            }

            // Nobody anonymous can be met in person; the president answers in writing, and the key reads the answer.
            let president = try await TestApp.login(client, people.president.username)
            #expect(Self.ids(try await TestApp.send(client, president, .get, "/v1/mailbox-letters?answered=false").json).contains(id))
            #expect(try await TestApp.send(client, president, .post, "/v1/mailbox-letters/\(id)/answer", #"{"kind":"in_person","text":"面谈"}"#).status
                == .unprocessableContent)
            #expect(try await TestApp.send(
                client, president, .post, "/v1/mailbox-letters/\(id)/answer", #"{"kind":"reply","text":"财务已核实，本周补发"}"#).status == .ok)
            let answer = try #require(
                try await TestApp.send(client, writer, .post, "/v1/mailbox-receipts", #"{"receiptKey":"\#(key)"}"#).json["answer"] as? [String: Any])
            #expect(answer["text"] as? String == "财务已核实，本周补发")
            #expect(answer["answeredByName"] as? String == people.president.displayName)
        }
    }
}
