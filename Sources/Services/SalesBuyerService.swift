import Domain
import Foundation
import Persistence

/// The sales office's buyers (SAL-1): kept by the office's sales staff, read with what they owe
/// across their sales.
public struct SalesBuyerService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// A buyer with the balance of all their sales today.
    public struct View: Sendable {
        public let buyer: SalesBuyer
        public let balance: SaleBalance
        public let sales: Int
    }

    public struct Draft: Sendable {
        public var name: String
        public var phone: String
        public var note: String?

        public init(name: String, phone: String, note: String?) {
            self.name = name
            self.phone = phone
            self.note = note
        }
    }

    public func create(officeID: Int64, _ draft: Draft, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .writeSales) { work in
            try await work.checkActive(office: officeID)
            let draft = try Self.validated(draft)
            let buyer = try await SalesBuyerRepository.insert(
                SalesBuyer(
                    id: 0, officeID: officeID, name: draft.name, phone: draft.phone, note: draft.note, createdBy: caller.actor.userID,
                    createdAt: work.now, version: 1),
                in: work.tx)
            try await work.audit(.created(buyer))
            return View(buyer: buyer, balance: .zero, sales: 0)
        }
    }

    public func update(id: Int64, _ draft: Draft, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .writeSales) { work in
            let before = try await Self.buyer(id, forUpdate: true, work: work)
            try work.check(version: before.version, expected: expectedVersion)
            let draft = try Self.validated(draft)
            var buyer = before
            buyer.name = draft.name
            buyer.phone = draft.phone
            buyer.note = draft.note
            buyer = try await SalesBuyerRepository.update(buyer, in: work.tx)
            try await work.audit(.changed("update", from: before, to: buyer))
            return try await Self.view(buyer, work: work)
        }
    }

    public func list(officeID: Int64?, search: String?, _ caller: Caller, page: PageRequest) async throws -> Page<SalesBuyer> {
        try await runner.perform(caller, .readSales, readOnly: true) { work in
            let search = search?.trimmingCharacters(in: .whitespaces)
            let rows = try await SalesBuyerRepository.list(
                officeID: officeID, search: search?.isEmpty == false ? search : nil, afterID: page.afterID, limit: page.limit, in: work.tx)
            return page.page(from: rows, id: \.id)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readSales, readOnly: true) { work in
            try await Self.view(try await Self.buyer(id, work: work), work: work)
        }
    }

    /// The buyer, if the caller's offices include theirs (another office's buyers are invisible; RLS agrees).
    static func buyer(_ id: Int64, forUpdate: Bool = false, work: ServiceWork) async throws -> SalesBuyer {
        guard let buyer = try await SalesBuyerRepository.find(id: id, forUpdate: forUpdate, in: work.tx), work.covers(office: buyer.officeID)
        else { throw ServiceError.notFound("no buyer with id \(id)") }
        return buyer
    }

    static func view(_ buyer: SalesBuyer, work: ServiceWork) async throws -> View {
        let sales = try await SaleRepository.sales(ofBuyer: buyer.id, in: work.tx)
        let stages = try await SaleRepository.stages(ofSales: sales.map(\.id), in: work.tx)
        let today = LocalDate(work.now, in: try await work.companyTimeZone())
        let balance = sales.reduce(SaleBalance.zero) { $0 + SaleBalance(status: $1.status, stages: stages[$1.id] ?? [], today: today) }
        return View(buyer: buyer, balance: balance, sales: sales.count)
    }

    static func validated(_ draft: Draft) throws -> Draft {
        var issues: [FieldIssue] = []
        let name = ContactRules.name(draft.name, field: "name", issues: &issues)
        let phone = InputRules.required(draft.phone, field: "phone", limit: 32, issues: &issues)
        if let issue = ContactRules.phoneIssue(phone, field: "phone") { issues.append(issue) }
        let note = InputRules.optional(draft.note, field: "note", limit: 2000, issues: &issues)
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        return Draft(name: name, phone: phone, note: note)
    }
}
