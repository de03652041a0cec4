import Domain
import Foundation
import Persistence

/// Exchanges between offices (INF-7): the office that went on a visit or to a training records it; the host — the
/// other office's management, or HQ when HQ hosted — signs it in, confirming it took place. Both offices read it.
public struct OfficeExchangeService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct Draft: Sendable {
        public var officeID: Int64
        public var hostOfficeID: Int64?
        public var kind: OfficeExchange.Kind
        public var heldOn: LocalDate
        public var topic: String
        public var participants: String
        public var participantCount: Int
        public var notes: String?

        public init(
            officeID: Int64, hostOfficeID: Int64?, kind: OfficeExchange.Kind, heldOn: LocalDate, topic: String, participants: String,
            participantCount: Int, notes: String?
        ) {
            self.officeID = officeID
            self.hostOfficeID = hostOfficeID
            self.kind = kind
            self.heldOn = heldOn
            self.topic = topic
            self.participants = participants
            self.participantCount = participantCount
            self.notes = notes
        }
    }

    public func record(_ draft: Draft, _ caller: Caller) async throws -> OfficeExchange {
        try await runner.perform(caller, .recordExchanges) { work in
            try await work.checkActive(office: draft.officeID)
            var issues: [FieldIssue] = []
            if let host = draft.hostOfficeID {
                let office = try await OrganizationUnitRepository.find(.office, id: host, in: work.tx)
                if office == nil || office?.archivedAt != nil || host == draft.officeID {
                    issues.append(FieldIssue("hostOfficeId", "no other active office has this id"))
                }
            }
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            if draft.heldOn > today { issues.append(FieldIssue("heldOn", "is in the future; record an exchange once held")) }
            if draft.heldOn < today.shifted(by: -366) { issues.append(FieldIssue("heldOn", "is more than a year ago")) }
            let topic = InputRules.required(draft.topic, field: "topic", limit: 200, issues: &issues)
            let participants = InputRules.required(draft.participants, field: "participants", limit: 2000, issues: &issues)
            let notes = InputRules.optional(draft.notes, field: "notes", limit: 8000, issues: &issues) ?? ""
            if !(1...10_000).contains(draft.participantCount) { issues.append(FieldIssue("participantCount", "must be 1-10000")) }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let exchange = try await OfficeExchangeRepository.insert(
                OfficeExchange(
                    id: 0, officeID: draft.officeID, hostOfficeID: draft.hostOfficeID, kind: draft.kind, heldOn: draft.heldOn, topic: topic,
                    participants: participants, participantCount: draft.participantCount, notes: notes, recordedBy: caller.actor.userID,
                    recordedAt: work.now),
                in: work.tx)
            try await work.audit(.created(exchange))
            return exchange
        }
    }

    /// The host's sign-in: by the host office's management, or HQ when HQ hosted (If-Match); once.
    public func signIn(id: Int64, comment: String?, expectedVersion: Int?, _ caller: Caller) async throws -> OfficeExchange {
        try await runner.perform(caller, .recordExchanges) { work in
            let before = try await Self.exchange(id, forUpdate: true, work: work)
            let isHost = before.hostOfficeID.map { work.covers(office: $0) } ?? (work.scope == .allOffices)
            guard isHost else { throw ServiceError.forbiddenHere("only the host signs the exchange in") }
            try work.check(version: before.version, expected: expectedVersion)
            guard before.hostSignedAt == nil else { throw ServiceError.invalidState("the host has signed it in") }
            var issues: [FieldIssue] = []
            var after = before
            after.hostComment = InputRules.optional(comment, field: "comment", limit: 2000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            after.hostSignedBy = caller.actor.userID
            after.hostSignedAt = work.now
            after = try await OfficeExchangeRepository.update(after, in: work.tx)
            try await work.audit(.changed("host_sign_in", from: before, to: after))
            return after
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> OfficeExchange {
        try await runner.perform(caller, .readExchanges, readOnly: true) { work in try await Self.exchange(id, work: work) }
    }

    public func list(officeID: Int64?, signed: Bool?, _ caller: Caller, page: PageRequest) async throws -> Page<OfficeExchange> {
        try await runner.perform(caller, .readExchanges, readOnly: true) { work in
            page.page(
                from: try await OfficeExchangeRepository.list(officeID: officeID, signed: signed, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    /// The exchange, if the caller covers the office that went or the host (HQ sees every one).
    static func exchange(_ id: Int64, forUpdate: Bool = false, work: ServiceWork) async throws -> OfficeExchange {
        guard let exchange = try await OfficeExchangeRepository.find(id: id, forUpdate: forUpdate, in: work.tx),
              work.covers(office: exchange.officeID) || exchange.hostOfficeID.map({ work.covers(office: $0) }) == true
        else { throw ServiceError.notFound("no office exchange with id \(id)") }
        return exchange
    }
}
