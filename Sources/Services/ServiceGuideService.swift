import Domain
import Foundation
import Persistence

/// The service guide and paid-service price list (INF-5): read by all staff, kept by the company
/// (`service_guide.manage` with an all-offices scope) and by office managers for their own office.
/// Ticket plans price their lines from the list in force for the ticket's office.
public struct ServiceGuideService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    /// What a client sends to create or change an item (the code and office are fixed at creation).
    public struct Draft: Sendable {
        public var name: String
        public var category: TicketCategory?
        public var unit: String
        public var price: Decimal
        public var serviceHours: String
        public var phone: String
        public var description: String

        public init(
            name: String, category: TicketCategory? = nil, unit: String, price: Decimal, serviceHours: String = "", phone: String = "",
            description: String = ""
        ) {
            self.name = name
            self.category = category
            self.unit = unit
            self.price = price
            self.serviceHours = serviceHours
            self.phone = phone
            self.description = description
        }
    }

    /// The highest price of one unit, in yuan (the column holds 8 digits before the point).
    public static let maximumPrice: Decimal = 99_999_999.99

    static let constraintFields = ["service_item_code_key": "code", "service_item_code_format": "code"]

    /// The list in force for an office (its items over the company's of the same code), or the company's (officeID nil).
    public func list(
        officeID: Int64?, category: TicketCategory?, includeArchived: Bool, _ caller: Caller, page: PageRequest
    ) async throws -> Page<ServiceItem> {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            if let officeID { try await Self.requireOffice(officeID, work: work) }
            return page.page(
                from: try await ServiceItemRepository.list(
                    officeID: officeID, category: category, includeArchived: includeArchived, afterID: page.afterID, limit: page.limit,
                    in: work.tx),
                id: \.id)
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> ServiceItem {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            try await Self.item(id, work: work)
        }
    }

    /// Adds an item to the company list (officeID nil: all-offices scope only) or an office's, where
    /// the same code overrides the company's item.
    public func create(officeID: Int64?, code: String, _ draft: Draft, _ caller: Caller) async throws -> ServiceItem {
        try await runner.perform(caller, .manageServiceGuide, fields: Self.constraintFields) { work in
            var issues: [FieldIssue] = []
            if !ServiceItem.isValidCode(code) {
                issues.append(FieldIssue("code", "must be 1-20 capital letters, digits or dashes, starting with a letter or digit"))
            }
            let draft = Self.validated(draft, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            if let officeID {
                try await Self.requireOffice(officeID, work: work, field: "officeId")
            } else if work.scope != .allOffices {
                throw ServiceError.forbidden(.manageServiceGuide)
            }
            let item = try await ServiceItemRepository.insert(
                ServiceItem(
                    id: 0, officeID: officeID, code: code, name: draft.name, category: draft.category, unit: draft.unit,
                    price: draft.price, serviceHours: draft.serviceHours, phone: draft.phone, description: draft.description,
                    archivedAt: nil, version: 1),
                at: work.now, in: work.tx)
            try await work.audit(.created(item))
            return item
        }
    }

    public func update(id: Int64, _ draft: Draft, expectedVersion: Int?, _ caller: Caller) async throws -> ServiceItem {
        try await change(id: id, expectedVersion: expectedVersion, caller, verb: "update") { item in
            var issues: [FieldIssue] = []
            let draft = Self.validated(draft, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var next = item
            next.name = draft.name
            next.category = draft.category
            next.unit = draft.unit
            next.price = draft.price
            next.serviceHours = draft.serviceHours
            next.phone = draft.phone
            next.description = draft.description
            return next
        }
    }

    /// Archives (withdraws from new plans; agreed plans keep their lines) or restores an item.
    public func setArchived(id: Int64, archived: Bool, expectedVersion: Int?, _ caller: Caller) async throws -> ServiceItem {
        let at = runner.now()
        return try await change(id: id, expectedVersion: expectedVersion, caller, verb: archived ? "archive" : "restore") { item in
            var next = item
            next.archivedAt = archived ? (item.archivedAt ?? at) : nil
            return next
        }
    }

    private func change(
        id: Int64, expectedVersion: Int?, _ caller: Caller, verb: String, _ next: @Sendable (ServiceItem) throws -> ServiceItem
    ) async throws -> ServiceItem {
        try await runner.perform(caller, .manageServiceGuide, fields: Self.constraintFields) { work in
            let before = try await Self.item(id, work: work, forUpdate: true)
            // A company item is the company's to change; an office manager overrides it with an office item instead.
            if before.officeID == nil, work.scope != .allOffices { throw ServiceError.forbidden(.manageServiceGuide) }
            try work.check(version: before.version, expected: expectedVersion)
            let after = try await ServiceItemRepository.update(try next(before), at: work.now, in: work.tx)
            try await work.audit(.changed(verb, from: before, to: after))
            return after
        }
    }

    private static func item(_ id: Int64, work: ServiceWork, forUpdate: Bool = false) async throws -> ServiceItem {
        guard let item = try await ServiceItemRepository.find(id: id, forUpdate: forUpdate, in: work.tx),
              item.officeID.map({ work.covers(office: $0) }) ?? true
        else { throw ServiceError.notFound("no service item with id \(id)") }
        return item
    }

    /// An office the caller's scope covers; another office's id is answered like an unknown one.
    private static func requireOffice(_ officeID: Int64, work: ServiceWork, field: String? = nil) async throws {
        guard work.covers(office: officeID), let office = try await OrganizationUnitRepository.find(.office, id: officeID, in: work.tx),
              field == nil || office.archivedAt == nil
        else {
            if let field { throw ServiceError.validation([FieldIssue(field, "no active office with this id")]) }
            throw ServiceError.notFound("no office with id \(officeID)")
        }
    }

    private static func validated(_ draft: Draft, issues: inout [FieldIssue]) -> Draft {
        var draft = draft
        draft.name = ContactRules.name(draft.name, field: "name", limit: 100, issues: &issues)
        draft.unit = ContactRules.name(draft.unit, field: "unit", limit: 20, issues: &issues)
        draft.serviceHours = draft.serviceHours.trimmingCharacters(in: .whitespacesAndNewlines)
        if draft.serviceHours.count > 200 { issues.append(FieldIssue("serviceHours", "must have at most 200 characters")) }
        draft.phone = draft.phone.trimmingCharacters(in: .whitespaces)
        if let issue = ContactRules.phoneIssue(draft.phone, field: "phone") { issues.append(issue) }
        draft.description = draft.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if draft.description.count > 2000 { issues.append(FieldIssue("description", "must have at most 2000 characters")) }
        if draft.price < 0 || draft.price > maximumPrice || TicketPlan.yuan(draft.price) != draft.price {
            issues.append(FieldIssue("price", "must be 0-\(maximumPrice) yuan, in fen"))
        }
        return draft
    }
}
