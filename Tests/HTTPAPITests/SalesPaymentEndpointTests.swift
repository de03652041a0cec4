import Domain
import Foundation
import HTTPAPI
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Persistence
import Services
import TestSupport
import Testing

/// The sales office's payment tracking through HTTP (SAL-1): four sales through 小定 → 大定 → 签约 with
/// partial payments, a refund and a cancellation; balances and the receivables list equal the
/// hand-computed amounts to the fen, today and after the clock moves past due days; reminders go to
/// the office's sales staff and never for a cancelled sale; another office's sales staff see
/// nothing. Clock: Sunday 2026-11-22 20:00 Asia/Shanghai.
@Suite("Sales payments (SAL-1)", .serialized)
struct SalesPaymentEndpointTests {
    static let suite = "http_sales_payments"

    struct World {
        let database: Database
        let office: Int64
        let otherOffice: Int64
        let units: [Int64]
        let otherUnit: Int64
        let sales: String
        let otherSales: String
        let finance: String
        let manager: String
        let desk: String
        let gm: String
    }

    static func world() async throws -> World {
        let database = try await TestDatabase.appDatabase(suite: suite)
        let (office, code) = try await TestFixtures.newOffice("S", suite: suite)
        let (otherOffice, otherCode) = try await TestFixtures.newOffice("T", suite: suite)
        let world = World(
            database: database, office: office, otherOffice: otherOffice,
            units: try await TestFixtures.units(office: office, count: 3, suite: suite),
            otherUnit: try await TestFixtures.units(office: otherOffice, count: 1, suite: suite)[0],
            sales: TestFixtures.unique("sales"), otherSales: TestFixtures.unique("sales"), finance: TestFixtures.unique("fin"),
            manager: TestFixtures.unique("mgr"), desk: TestFixtures.unique("desk"), gm: TestFixtures.unique("gm"))
        try await TestFixtures.user(world.sales, roles: [.salesStaff], officeCodes: [code], database: database)
        try await TestFixtures.user(world.otherSales, roles: [.salesStaff], officeCodes: [otherCode], database: database)
        try await TestFixtures.user(world.finance, roles: [.financeStaff], department: "FINANCE", database: database)
        try await TestFixtures.user(world.manager, roles: [.officeManager], officeCodes: [code], database: database)
        try await TestFixtures.user(world.desk, roles: [.frontDesk], officeCodes: [code], database: database)
        try await TestFixtures.user(world.gm, roles: [.generalManager], database: database)
        return world
    }

    static func id(_ json: [String: Any], _ key: String = "id") throws -> Int64 {
        try #require((json[key] as? NSNumber)?.int64Value, "\(key) in \(json)")
    }

    static func ifMatch(_ headers: HTTPFields, _ json: [String: Any]) -> HTTPFields {
        var headers = headers
        headers[.ifMatch] = "\"v\(json["version"] as? Int ?? 0)\""
        return headers
    }

    /// The id of the sale's stage of this kind (and instalment number).
    static func stage(_ sale: [String: Any], _ kind: String, sequence: Int = 1) throws -> Int64 {
        let stages = sale["stages"] as? [[String: Any]] ?? []
        let stage = try #require(stages.first { $0["kind"] as? String == kind && $0["sequence"] as? Int == sequence }, "\(kind) in \(sale)")
        return try id(stage)
    }

    static func balance(_ json: [String: Any]) -> [String] {
        let balance = json["balance"] as? [String: Any] ?? [:]
        return ["due", "paid", "outstanding", "overdue", "retained"].map { balance[$0] as? String ?? "-" }
    }

    /// Each receivable as "sale stage#sequence method outstanding dueOn daysOverdue".
    static func receivables(_ json: [String: Any]) -> [String] {
        (json["items"] as? [[String: Any]] ?? []).map { item in
            [
                "\(item["saleId"] ?? "-")", "\(item["stage"] ?? "-")#\(item["sequence"] ?? "-")", "\(item["paymentMethod"] ?? "-")",
                "\(item["outstanding"] ?? "-")", "\(item["dueOn"] ?? "-")", "\(item["daysOverdue"] ?? "-")",
            ].joined(separator: " ")
        }
    }

    /// The totals as "method stages buyers outstanding overdue".
    static func totals(_ json: [String: Any]) -> [String] {
        (json["totals"] as? [[String: Any]] ?? []).map { total in
            ["paymentMethod", "stages", "buyers", "outstanding", "overdue"].map { "\(total[$0] ?? "-")" }.joined(separator: " ")
        }
    }

    static func notifications(_ client: some TestClientProtocol, _ headers: HTTPFields) async throws -> [String] {
        let json = try await TestApp.send(client, headers, .get, "/v1/notifications").json
        return (json["items"] as? [[String: Any]] ?? []).map { "\($0["kind"] ?? "-") \($0["subject"] ?? "-") \($0["subjectId"] ?? "-")" }.sorted()
    }

    @Test("SAL-1: balances and receivables after partial payments, a refund and a cancellation equal the hand-computed amounts to the fen; overdue after due days; reminders to the office's sales staff, never for a cancelled sale; office B's sales staff see nothing of A")
    func handComputedBalances() async throws {
        let world = try await Self.world()
        let clock = TestClock()
        let sweeper = DeadlineSweeper(database: world.database, now: clock.function)
        let app = Application(router: try TestApp.router(database: world.database, clock: clock))
        try await app.test(.router) { client in
            var sales = try await TestApp.login(client, world.sales)
            var finance = try await TestApp.login(client, world.finance)

            func buyer(_ name: String) async throws -> Int64 {
                let created = try await TestApp.send(
                    client, sales, .post, "/v1/sales-buyers", #"{"officeId":\#(world.office),"name":"\#(name)","phone":"138 0000 0000"}"#)
                #expect(created.status == .created, "\(created.json)")
                return try Self.id(created.json)
            }
            func reserve(_ buyer: Int64, unit: Int64, amount: String, dueOn: String) async throws -> [String: Any] {
                let reserved = try await TestApp.send(
                    client, sales, .post, "/v1/sales",
                    #"{"buyerId":\#(buyer),"unitId":\#(unit),"smallDeposit":{"amount":"\#(amount)","dueOn":"\#(dueOn)"}}"#)
                #expect(reserved.status == .created, "\(reserved.json)")
                return reserved.json
            }
            func fullDeposit(_ sale: [String: Any], amount: String, dueOn: String) async throws -> [String: Any] {
                let deposited = try await TestApp.send(
                    client, Self.ifMatch(sales, sale), .post, "/v1/sales/\(try Self.id(sale))/full-deposit", #"{"amount":"\#(amount)","dueOn":"\#(dueOn)"}"#)
                #expect(deposited.status == .ok, "\(deposited.json)")
                return deposited.json
            }
            func pay(_ sale: [String: Any], _ stage: Int64, _ amount: String) async throws -> [String: Any] {
                let paid = try await TestApp.send(
                    client, Self.ifMatch(finance, sale), .post, "/v1/sales/\(try Self.id(sale))/payments",
                    #"{"stageId":\#(stage),"amount":"\#(amount)","bookedOn":"2026-11-22","reference":"POS-\#(amount)"}"#)
                #expect(paid.status == .ok, "\(paid.json)")
                return paid.json
            }
            func refund(_ sale: [String: Any], _ stage: Int64, _ amount: String, _ reason: String) async throws -> [String: Any] {
                let refunded = try await TestApp.send(
                    client, Self.ifMatch(finance, sale), .post, "/v1/sales/\(try Self.id(sale))/refunds",
                    #"{"stageId":\#(stage),"amount":"\#(amount)","bookedOn":"2026-11-22","reason":"\#(reason)"}"#)
                #expect(refunded.status == .ok, "\(refunded.json)")
                return refunded.json
            }

            let wang = try await buyer("王先生"), li = try await buyer("李女士"), zhang = try await buyer("张先生")

            // Sale 1 (王先生, unit 1201): 小定 20,000.00, 大定 80,000.00, then a mortgage contract of 1,234,567.89.
            var sale1 = try await reserve(wang, unit: world.units[0], amount: "20000", dueOn: "2026-11-22")
            #expect(sale1["status"] as? String == "reserved")
            #expect(sale1["unitLabel"] as? String == "3栋 · 1201")
            sale1 = try await fullDeposit(sale1, amount: "80000.00", dueOn: "2026-11-29")
            #expect(sale1["status"] as? String == "deposited")
            let contract = { (total: String) in
                #"{"contractNumber":"HT-2026-001","signedOn":"2026-11-22","totalPrice":"\#(total)","paymentMethod":"mortgage","schedule":[{"kind":"down_payment","amount":"264567.89","dueOn":"2026-12-06"},{"kind":"mortgage_loan","amount":"870000","dueOn":"2027-01-31"}]}"#
            }
            // 20,000.00 + 80,000.00 + 264,567.89 + 870,000.00 = 1,234,567.89: one fen more is refused, nothing written.
            let offByOne = try await TestApp.send(client, Self.ifMatch(sales, sale1), .post, "/v1/sales/\(try Self.id(sale1))/contract", contract("1234567.90"))
            #expect(offByOne.status == .unprocessableContent)
            let issue = (offByOne.json["errors"] as? [[String: Any]])?.first
            #expect(issue?["field"] as? String == "totalPrice")
            #expect(issue?["message"] as? String
                == "the deposits (100000.00) and the schedule (1134567.89) come to 1234567.89, not 1234567.90")
            #expect(try await TestFixtures.auditCount(action: "sale.sign", entityID: String(try Self.id(sale1)), suite: Self.suite) == 0)
            let signed = try await TestApp.send(client, Self.ifMatch(sales, sale1), .post, "/v1/sales/\(try Self.id(sale1))/contract", contract("1234567.89"))
            #expect(signed.status == .ok, "\(signed.json)")
            sale1 = signed.json
            #expect(sale1["status"] as? String == "signed")
            #expect(sale1["totalPrice"] as? String == "1234567.89")
            #expect(Self.balance(sale1) == ["1234567.89", "0.00", "1234567.89", "0.00", "0.00"])

            // Finance: the small deposit in full, 50,000.50 of the full deposit (0.50 refunded as overpaid), 100,000.01 of the down payment.
            sale1 = try await pay(sale1, try Self.stage(sale1, "small_deposit"), "20000.00")
            sale1 = try await pay(sale1, try Self.stage(sale1, "full_deposit"), "50000.50")
            sale1 = try await pay(sale1, try Self.stage(sale1, "down_payment"), "100000.01")
            sale1 = try await refund(sale1, try Self.stage(sale1, "full_deposit"), "0.50", "多收退回")
            // Paid 20,000.00 + 50,000.00 + 100,000.01 = 170,000.01; outstanding 1,234,567.89 − 170,000.01 = 1,064,567.88.
            #expect(Self.balance(sale1) == ["1234567.89", "170000.01", "1064567.88", "0.00", "0.00"])
            let ledger = (sale1["ledger"] as? [[String: Any]] ?? []).map { "\($0["kind"] ?? "-") \($0["amount"] ?? "-")" }
            #expect(ledger == ["payment 20000.00", "payment 50000.50", "payment 100000.01", "refund 0.50"])

            // Sale 2 (李女士, unit 1202): 小定 10,000.00 paid, 大定 40,000.00 with 15,000.00 paid; cancelled; the 大定 refunded, the 小定 kept.
            var sale2 = try await reserve(li, unit: world.units[1], amount: "10000.00", dueOn: "2026-11-22")
            sale2 = try await fullDeposit(sale2, amount: "40000.00", dueOn: "2026-11-25")
            sale2 = try await pay(sale2, try Self.stage(sale2, "small_deposit"), "10000.00")
            sale2 = try await pay(sale2, try Self.stage(sale2, "full_deposit"), "15000.00")
            let cancelled = try await TestApp.send(
                client, Self.ifMatch(sales, sale2), .post, "/v1/sales/\(try Self.id(sale2))/cancellation", #"{"reason":"客户放弃购买"}"#)
            #expect(cancelled.status == .ok, "\(cancelled.json)")
            sale2 = cancelled.json
            #expect(sale2["status"] as? String == "cancelled")
            #expect(Self.balance(sale2) == ["0.00", "25000.00", "0.00", "0.00", "25000.00"])
            let noMore = try await TestApp.send(
                client, Self.ifMatch(finance, sale2), .post, "/v1/sales/\(try Self.id(sale2))/payments",
                #"{"stageId":\#(try Self.stage(sale2, "full_deposit")),"amount":"1.00","bookedOn":"2026-11-22"}"#)
            #expect(noMore.status == .conflict)
            sale2 = try await refund(sale2, try Self.stage(sale2, "full_deposit"), "15000.00", "大定退还")
            #expect(Self.balance(sale2) == ["0.00", "10000.00", "0.00", "0.00", "10000.00"])
            #expect((sale2["stages"] as? [[String: Any]] ?? []).count == 2)
            #expect((sale2["ledger"] as? [[String: Any]] ?? []).count == 3)

            // Sale 3 (张先生, unit 1202 again: the cancellation freed it): 小定 5,000.00 due Tuesday, unpaid.
            let sale3 = try await reserve(zhang, unit: world.units[1], amount: "5000.00", dueOn: "2026-11-24")
            // Sale 4 (张先生, unit 1203): 3,000.00 + 27,000.00 paid, instalments of 330,000.00: down payment 100,000.00 (60,000.00 paid), two instalments.
            var sale4 = try await reserve(zhang, unit: world.units[2], amount: "3000.00", dueOn: "2026-11-22")
            sale4 = try await fullDeposit(sale4, amount: "27000.00", dueOn: "2026-11-23")
            let instalments = #"{"contractNumber":"HT-2026-002","signedOn":"2026-11-22","totalPrice":"330000.00","paymentMethod":"instalments","schedule":[{"kind":"down_payment","amount":"100000.00","dueOn":"2026-11-30"},{"kind":"instalment","amount":"100000.00","dueOn":"2027-01-15"},{"kind":"instalment","amount":"100000.00","dueOn":"2026-12-15"}]}"#
            let signed4 = try await TestApp.send(client, Self.ifMatch(sales, sale4), .post, "/v1/sales/\(try Self.id(sale4))/contract", instalments)
            #expect(signed4.status == .ok, "\(signed4.json)")
            sale4 = signed4.json
            let schedule = (sale4["stages"] as? [[String: Any]] ?? []).map { "\($0["kind"] ?? "-")#\($0["sequence"] ?? "-") \($0["dueOn"] ?? "-")" }
            #expect(schedule == [
                "small_deposit#1 2026-11-22", "full_deposit#1 2026-11-23", "down_payment#1 2026-11-30", "instalment#1 2026-12-15",
                "instalment#2 2027-01-15",
            ])
            sale4 = try await pay(sale4, try Self.stage(sale4, "small_deposit"), "3000")
            sale4 = try await pay(sale4, try Self.stage(sale4, "full_deposit"), "27000.00")
            sale4 = try await pay(sale4, try Self.stage(sale4, "down_payment"), "60000.00")

            let (s1, s3, s4) = (try Self.id(sale1), try Self.id(sale3), try Self.id(sale4))
            // Receivables today (Sunday 2026-11-22): nothing overdue yet; the cancelled sale 2 owes nothing.
            let today = try await TestApp.send(client, finance, .get, "/v1/sales-receivables?officeId=\(world.office)")
            #expect(today.status == .ok, "\(today.json)")
            #expect(today.json["asOf"] as? String == "2026-11-22")
            #expect(Self.receivables(today.json) == [
                "\(s1) full_deposit#1 mortgage 30000.00 2026-11-29 0", "\(s1) down_payment#1 mortgage 164567.88 2026-12-06 0",
                "\(s1) mortgage_loan#1 mortgage 870000.00 2027-01-31 0", "\(s3) small_deposit#1 unsigned 5000.00 2026-11-24 0",
                "\(s4) down_payment#1 instalments 40000.00 2026-11-30 0", "\(s4) instalment#1 instalments 100000.00 2026-12-15 0",
                "\(s4) instalment#2 instalments 100000.00 2027-01-15 0",
            ])
            #expect(Self.totals(today.json) == [
                "instalments 3 1 240000.00 0.00", "mortgage 3 1 1064567.88 0.00", "unsigned 1 1 5000.00 0.00",
            ])
            // Totals are of the whole list, not the page.
            let firstPage = try await TestApp.send(client, finance, .get, "/v1/sales-receivables?officeId=\(world.office)&limit=2")
            #expect(Self.receivables(firstPage.json).count == 2)
            #expect(Self.totals(firstPage.json) == Self.totals(today.json))
            let cursor = try #require(firstPage.json["nextCursor"] as? String)
            let secondPage = try await TestApp.send(client, finance, .get, "/v1/sales-receivables?officeId=\(world.office)&limit=5&after=\(cursor)")
            #expect(Self.receivables(firstPage.json) + Self.receivables(secondPage.json) == Self.receivables(today.json))

            // Buyers' balances today.
            let zhangToday = try await TestApp.send(client, sales, .get, "/v1/sales-buyers/\(zhang)")
            // 5,000.00 + 330,000.00 due; 90,000.00 paid; 245,000.00 outstanding.
            #expect(Self.balance(zhangToday.json) == ["335000.00", "90000.00", "245000.00", "0.00", "0.00"])
            #expect(zhangToday.json["sales"] as? Int == 2)
            #expect(Self.balance(try await TestApp.send(client, sales, .get, "/v1/sales-buyers/\(li)").json)
                == ["0.00", "10000.00", "0.00", "0.00", "10000.00"])

            // Reminders tonight: only sale 3's 小定 is due within 3 days (Tuesday); sale 2's 大定 (Wednesday, 40,000.00 owed) is cancelled.
            _ = try await sweeper.sweep()
            #expect(try await Self.notifications(client, sales) == ["payment_due_soon sale_payment_stage \(try Self.stage(sale3, "small_deposit"))"])
            let manager = try await TestApp.login(client, world.manager)
            #expect(try await Self.notifications(client, manager) == [])

            // Thursday 2026-12-10: four stages are past their due days.
            clock.advance(by: 18 * 86_400)
            sales = try await TestApp.login(client, world.sales)
            finance = try await TestApp.login(client, world.finance)
            let later = try await TestApp.send(client, finance, .get, "/v1/sales-receivables?officeId=\(world.office)&overdue=true")
            #expect(later.json["asOf"] as? String == "2026-12-10")
            #expect(Self.receivables(later.json) == [
                "\(s1) full_deposit#1 mortgage 30000.00 2026-11-29 11", "\(s1) down_payment#1 mortgage 164567.88 2026-12-06 4",
                "\(s3) small_deposit#1 unsigned 5000.00 2026-11-24 16", "\(s4) down_payment#1 instalments 40000.00 2026-11-30 10",
            ])
            #expect(Self.totals(later.json) == ["instalments 1 1 40000.00 40000.00", "mortgage 2 1 194567.88 194567.88", "unsigned 1 1 5000.00 5000.00"])
            let mortgage = try await TestApp.send(client, finance, .get, "/v1/sales-receivables?officeId=\(world.office)&paymentMethod=mortgage")
            #expect(Self.totals(mortgage.json) == ["mortgage 3 1 1064567.88 194567.88"])
            let dueBy = try await TestApp.send(client, finance, .get, "/v1/sales-receivables?officeId=\(world.office)&dueBy=2026-12-15")
            #expect(Self.receivables(dueBy.json).count == 5)
            #expect(Self.balance(try await TestApp.send(client, sales, .get, "/v1/sales-buyers/\(wang)").json)
                == ["1234567.89", "170000.01", "1064567.88", "194567.88", "0.00"])
            #expect(Self.balance(try await TestApp.send(client, sales, .get, "/v1/sales-buyers/\(zhang)").json)
                == ["335000.00", "90000.00", "245000.00", "45000.00", "0.00"])

            // The sweeper: overdue for the four, due-soon for the three newly within 3 days; nothing for the cancelled sale.
            _ = try await sweeper.sweep()
            let stageIDs = [
                try Self.stage(sale1, "full_deposit"), try Self.stage(sale1, "down_payment"), try Self.stage(sale3, "small_deposit"),
                try Self.stage(sale4, "down_payment"),
            ]
            let expected = (stageIDs.map { "payment_overdue sale_payment_stage \($0)" }
                + [stageIDs[0], stageIDs[1], stageIDs[2], stageIDs[3]].map { "payment_due_soon sale_payment_stage \($0)" }).sorted()
            #expect(try await Self.notifications(client, sales) == expected)
            _ = try await sweeper.sweep()
            #expect(try await Self.notifications(client, sales).count == 8)

            // Office B's sales staff see none of it; finance and leadership see every office's; the front desk is no part of sales.
            let other = try await TestApp.login(client, world.otherSales)
            #expect((try await TestApp.send(client, other, .get, "/v1/sales-buyers").json["items"] as? [Any])?.count == 0)
            #expect(try await TestApp.send(client, other, .get, "/v1/sales-buyers/\(wang)").status == .notFound)
            #expect(try await TestApp.send(client, other, .get, "/v1/sales/\(s1)").status == .notFound)
            #expect((try await TestApp.send(client, other, .get, "/v1/sales").json["items"] as? [Any])?.count == 0)
            let othersReceivables = try await TestApp.send(client, other, .get, "/v1/sales-receivables")
            #expect(Self.receivables(othersReceivables.json) == [])
            #expect(Self.totals(othersReceivables.json) == [])
            #expect(try await TestApp.send(client, other, .post, "/v1/sales", #"{"buyerId":\#(wang),"unitId":\#(world.otherUnit),"smallDeposit":{"amount":"1","dueOn":"2026-12-10"}}"#).status
                == .unprocessableContent)
            let gm = try await TestApp.login(client, world.gm)
            #expect(Self.receivables(try await TestApp.send(client, gm, .get, "/v1/sales-receivables?officeId=\(world.office)").json).count == 7)
            let desk = try await TestApp.login(client, world.desk)
            #expect(try await TestApp.send(client, desk, .get, "/v1/sales-buyers").status == .forbidden)
            #expect(try await TestApp.send(client, desk, .get, "/v1/sales-receivables").status == .forbidden)
        }
    }

    static func field(_ json: [String: Any]) -> String? {
        (json["errors"] as? [[String: Any]])?.first?["field"] as? String
    }

    @Test("SAL-1 rules: stage order, the payment method's schedule, amounts in fen, one live sale per unit, unique contract numbers, no overpayment or over-refund, stale If-Match, who may do what; each refusal writes nothing; the ledger cannot be rewritten")
    func rules() async throws {
        let world = try await Self.world()
        let app = Application(router: try TestApp.router(database: world.database, clock: TestClock()))
        try await app.test(.router) { client in
            let sales = try await TestApp.login(client, world.sales)
            let finance = try await TestApp.login(client, world.finance)
            // The suite's tests run one after the other; what this one refuses must not add audit rows.
            var audited: [String: Int] = [:]
            for action in ["sales_buyer.create", "sale.create", "sale.sign", "sale_payment.create"] {
                audited[action] = try await TestFixtures.auditCount(action: action, suite: Self.suite)
            }

            // Buyers: a phone of digits, a name, the own office; unknown fields are refused.
            for body in [
                #"{"officeId":\#(world.office),"name":"王先生","phone":"call me"}"#, #"{"officeId":\#(world.office),"name":"  ","phone":"138"}"#,
                #"{"officeId":\#(world.otherOffice),"name":"王先生","phone":"138"}"#,
            ] {
                #expect(try await TestApp.send(client, sales, .post, "/v1/sales-buyers", body).status == .unprocessableContent, "\(body)")
            }
            #expect(try await TestApp.send(
                client, sales, .post, "/v1/sales-buyers", #"{"officeId":\#(world.office),"name":"王先生","phone":"138","idNumber":"110"}"#).status
                == .badRequest)
            #expect(try await TestFixtures.auditCount(action: "sales_buyer.create", suite: Self.suite) == audited["sales_buyer.create"])
            let created = try await TestApp.send(
                client, sales, .post, "/v1/sales-buyers", #"{"officeId":\#(world.office),"name":"王先生","phone":"+86 138-0000-0000","note":"意向三房"}"#)
            #expect(created.status == .created, "\(created.json)")
            let buyer = try Self.id(created.json)
            var stale = sales
            stale[.ifMatch] = "\"v9\""
            #expect(try await TestApp.send(client, stale, .put, "/v1/sales-buyers/\(buyer)", #"{"name":"王先生","phone":"139"}"#).status
                == .preconditionFailed)
            let renamed = try await TestApp.send(client, Self.ifMatch(sales, created.json), .put, "/v1/sales-buyers/\(buyer)", #"{"name":"王大明","phone":"139"}"#)
            #expect(renamed.status == .ok, "\(renamed.json)")
            #expect(renamed.json["note"] == nil)
            #expect(renamed.json["version"] as? Int == 2)

            // Reservations: the buyer's office's active unit, amounts as exact decimals, due today or later.
            let reserve = { (unit: Int64, amount: String, dueOn: String) in
                #"{"buyerId":\#(buyer),"unitId":\#(unit),"smallDeposit":{"amount":"\#(amount)","dueOn":"\#(dueOn)"}}"#
            }
            let refusals: [(String, String)] = [
                (reserve(world.otherUnit, "5000", "2026-11-22"), "unitId"), (reserve(world.units[0], "0", "2026-11-22"), "smallDeposit.amount"),
                (reserve(world.units[0], "12,5", "2026-11-22"), "smallDeposit.amount"), (reserve(world.units[0], "5000.001", "2026-11-22"), "smallDeposit.amount"),
                (reserve(world.units[0], "5000", "2026-11-21"), "smallDeposit.dueOn"),
            ]
            for (body, field) in refusals {
                let refused = try await TestApp.send(client, sales, .post, "/v1/sales", body)
                #expect(refused.status == .unprocessableContent, "\(body)")
                #expect(Self.field(refused.json) == field, "\(refused.json)")
            }
            #expect(try await TestFixtures.auditCount(action: "sale.create", suite: Self.suite) == audited["sale.create"])
            #expect(try await TestApp.send(client, finance, .post, "/v1/sales", reserve(world.units[0], "5000", "2026-11-22")).status == .forbidden)
            let reserved = try await TestApp.send(client, sales, .post, "/v1/sales", reserve(world.units[0], "5000", "2026-11-22"))
            #expect(reserved.status == .created, "\(reserved.json)")
            var sale = reserved.json
            let saleID = try Self.id(sale)
            let twice = try await TestApp.send(client, sales, .post, "/v1/sales", reserve(world.units[0], "5000", "2026-11-22"))
            #expect(twice.status == .conflict)
            #expect(twice.json["field"] as? String == "unitId" || Self.field(twice.json) == "unitId", "\(twice.json)")

            // 签约 before 大定 is refused; 大定 once.
            let mortgage = { (number: String, schedule: String) in
                #"{"contractNumber":"\#(number)","signedOn":"2026-11-22","totalPrice":"500000","paymentMethod":"mortgage","schedule":[\#(schedule)]}"#
            }
            let good = #"{"kind":"down_payment","amount":"150000","dueOn":"2026-12-01"},{"kind":"mortgage_loan","amount":"300000","dueOn":"2027-01-01"}"#
            #expect(try await TestApp.send(client, Self.ifMatch(sales, sale), .post, "/v1/sales/\(saleID)/contract", mortgage("HT-1", good)).status
                == .conflict)
            let deposited = try await TestApp.send(
                client, Self.ifMatch(sales, sale), .post, "/v1/sales/\(saleID)/full-deposit", #"{"amount":"45000","dueOn":"2026-11-29"}"#)
            #expect(deposited.status == .ok, "\(deposited.json)")
            #expect(try await TestApp.send(
                client, Self.ifMatch(sales, deposited.json), .post, "/v1/sales/\(saleID)/full-deposit", #"{"amount":"45000","dueOn":"2026-11-29"}"#).status
                == .conflict)
            #expect(try await TestApp.send(client, Self.ifMatch(sales, sale), .post, "/v1/sales/\(saleID)/contract", mortgage("HT-1", good)).status
                == .preconditionFailed)
            sale = deposited.json

            // The schedule follows the payment method; nothing before the down payment or the signing.
            let badSchedules: [(String, String)] = [
                (mortgage("HT-1", #"{"kind":"down_payment","amount":"150000","dueOn":"2026-12-01"},{"kind":"instalment","amount":"300000","dueOn":"2027-01-01"}"#), "schedule"),
                (mortgage("HT-1", #"{"kind":"down_payment","amount":"150000","dueOn":"2026-12-01"},{"kind":"mortgage_loan","amount":"300000","dueOn":"2026-11-30"}"#), "schedule"),
                (mortgage("HT-1", #"{"kind":"down_payment","amount":"150000","dueOn":"2026-11-21"},{"kind":"mortgage_loan","amount":"300000","dueOn":"2027-01-01"}"#), "schedule[0].dueOn"),
                (mortgage("HT-1", #"{"kind":"down_payment","amount":"150000","dueOn":"2026-12-01"},{"kind":"mortgage_loan","amount":"299999.99","dueOn":"2027-01-01"}"#), "totalPrice"),
                (mortgage("  ", good), "contractNumber"),
                (#"{"contractNumber":"HT-1","signedOn":"2026-11-23","totalPrice":"500000","paymentMethod":"mortgage","schedule":[\#(good)]}"#, "signedOn"),
                (#"{"contractNumber":"HT-1","signedOn":"2026-11-22","totalPrice":"500000","paymentMethod":"full_payment","schedule":[\#(good)]}"#, "schedule"),
            ]
            for (body, field) in badSchedules {
                let refused = try await TestApp.send(client, Self.ifMatch(sales, sale), .post, "/v1/sales/\(saleID)/contract", body)
                #expect(refused.status == .unprocessableContent, "\(body)")
                #expect(Self.field(refused.json) == field, "\(refused.json)")
            }
            #expect(try await TestFixtures.auditCount(action: "sale.sign", suite: Self.suite) == audited["sale.sign"])
            let signed = try await TestApp.send(client, Self.ifMatch(sales, sale), .post, "/v1/sales/\(saleID)/contract", mortgage("HT-1", good))
            #expect(signed.status == .ok, "\(signed.json)")
            sale = signed.json
            #expect(try await TestApp.send(client, Self.ifMatch(sales, sale), .post, "/v1/sales/\(saleID)/contract", mortgage("HT-2", good)).status
                == .conflict)
            // Contract numbers are unique in the office.
            let second = try await TestApp.send(client, sales, .post, "/v1/sales", reserve(world.units[1], "5000", "2026-11-22"))
            let deposited2 = try await TestApp.send(
                client, Self.ifMatch(sales, second.json), .post, "/v1/sales/\(try Self.id(second.json))/full-deposit", #"{"amount":"45000","dueOn":"2026-11-29"}"#)
            let duplicate = try await TestApp.send(
                client, Self.ifMatch(sales, deposited2.json), .post, "/v1/sales/\(try Self.id(second.json))/contract", mortgage("HT-1", good))
            #expect(duplicate.status == .conflict, "\(duplicate.json)")

            // Finance: at most what a stage still asks for, of this sale's stages, not in the future; If-Match guards against booking twice.
            let small = try Self.stage(sale, "small_deposit")
            let pay = { (stage: Int64, amount: String, day: String) in #"{"stageId":\#(stage),"amount":"\#(amount)","bookedOn":"\#(day)"}"# }
            let payRefusals: [(String, String)] = [
                (pay(small, "5000.01", "2026-11-22"), "amount"), (pay(small, "5000", "2026-11-23"), "bookedOn"),
                (pay(try Self.stage(deposited2.json, "small_deposit"), "1", "2026-11-22"), "stageId"), (pay(small, "5000", "2026-11-21"), "bookedOn"),
            ]
            for (body, field) in payRefusals {
                let refused = try await TestApp.send(client, Self.ifMatch(finance, sale), .post, "/v1/sales/\(saleID)/payments", body)
                #expect(refused.status == .unprocessableContent, "\(body)")
                #expect(Self.field(refused.json) == field, "\(refused.json)")
            }
            let over = try await TestApp.send(client, Self.ifMatch(finance, sale), .post, "/v1/sales/\(saleID)/payments", pay(small, "5000.01", "2026-11-22"))
            #expect((over.json["errors"] as? [[String: Any]])?.first?["message"] as? String == "is more than the 5000.00 still owed on the stage")
            #expect(try await TestApp.send(client, Self.ifMatch(sales, sale), .post, "/v1/sales/\(saleID)/payments", pay(small, "100", "2026-11-22")).status
                == .forbidden)
            #expect(try await TestFixtures.auditCount(action: "sale_payment.create", suite: Self.suite) == audited["sale_payment.create"])
            let paid = try await TestApp.send(client, Self.ifMatch(finance, sale), .post, "/v1/sales/\(saleID)/payments", pay(small, "3000", "2026-11-22"))
            #expect(paid.status == .ok, "\(paid.json)")
            #expect(try await TestApp.send(client, Self.ifMatch(finance, sale), .post, "/v1/sales/\(saleID)/payments", pay(small, "3000", "2026-11-22")).status
                == .preconditionFailed)
            sale = paid.json
            let refund = { (amount: String, reason: String) in
                #"{"stageId":\#(small),"amount":"\#(amount)","bookedOn":"2026-11-22","reason":"\#(reason)"}"#
            }
            #expect(try await TestApp.send(client, Self.ifMatch(finance, sale), .post, "/v1/sales/\(saleID)/refunds", refund("3000.01", "退款")).status
                == .unprocessableContent)
            #expect(try await TestApp.send(client, Self.ifMatch(finance, sale), .post, "/v1/sales/\(saleID)/refunds", refund("1", " ")).status
                == .unprocessableContent)

            // Cancelling needs a reason, once.
            #expect(try await TestApp.send(client, Self.ifMatch(sales, sale), .post, "/v1/sales/\(saleID)/cancellation", #"{"reason":""}"#).status
                == .unprocessableContent)
            let cancelled = try await TestApp.send(client, Self.ifMatch(sales, sale), .post, "/v1/sales/\(saleID)/cancellation", #"{"reason":"换房"}"#)
            #expect(cancelled.status == .ok, "\(cancelled.json)")
            #expect(try await TestApp.send(client, Self.ifMatch(sales, cancelled.json), .post, "/v1/sales/\(saleID)/cancellation", #"{"reason":"换房"}"#).status
                == .conflict)
            #expect(Self.balance(cancelled.json) == ["0.00", "3000.00", "0.00", "0.00", "3000.00"])
            #expect(try await TestFixtures.auditCount(action: "sale.cancel", entityID: String(saleID), suite: Self.suite) == 1)

            // The ledger is append-only, even for the application's own database role.
            await #expect(throws: (any Error).self) {
                try await world.database.withTransaction(TransactionOptions(settings: [TransactionSetting("liaison.actor_scope", "all")])) { tx in
                    try await tx.execute("UPDATE liaison.sale_payment SET amount = 1")
                }
            }
            await #expect(throws: (any Error).self) {
                try await world.database.withTransaction(TransactionOptions(settings: [TransactionSetting("liaison.actor_scope", "all")])) { tx in
                    try await tx.execute("DELETE FROM liaison.sale_payment")
                }
            }
        }
    }
}
