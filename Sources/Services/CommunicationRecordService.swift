import Domain
import Foundation
import Persistence

/// The communication record with the developer (与发展商沟通记录, EXT-1) and the owners'
/// committee (EXT-5): the office manager writes down each call, meeting, letter or e-mail.
public struct CommunicationRecordService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct Draft: Sendable {
        public var officeID: Int64
        public var estateID: Int64
        public var party: CommunicationParty
        public var channel: CommunicationChannel
        public var occurredAt: Date
        public var counterparts: String
        public var summary: String

        public init(
            officeID: Int64, estateID: Int64, party: CommunicationParty, channel: CommunicationChannel, occurredAt: Date,
            counterparts: String, summary: String
        ) {
            self.officeID = officeID
            self.estateID = estateID
            self.party = party
            self.channel = channel
            self.occurredAt = occurredAt
            self.counterparts = counterparts
            self.summary = summary
        }
    }

    /// Records an entry for an estate of the office; the party must exist for the estate (its developer, its committee).
    public func record(_ draft: Draft, _ caller: Caller) async throws -> CommunicationRecord {
        try await runner.perform(caller, .recordCommunications) { work in
            let estate = try await work.activeEstate(draft.estateID, ofOffice: draft.officeID)
            var issues: [FieldIssue] = []
            let counterparts = InputRules.required(draft.counterparts, field: "counterparts", limit: 500, issues: &issues)
            let summary = InputRules.required(draft.summary, field: "summary", limit: 4000, issues: &issues)
            InputRules.reportedTime(draft.occurredAt, field: "occurredAt", now: work.now, issues: &issues)
            var developerID: Int64?
            switch draft.party {
            case .developer:
                developerID = estate.developerID
                if developerID == nil { issues.append(FieldIssue("party", "the estate has no developer; set it first (ORG-4)")) }
            case .ownersCommittee:
                if try await CommitteeRepository.find(estateID: estate.id, in: work.tx) == nil {
                    issues.append(FieldIssue("party", "the estate has no owners' committee; record it first (ORG-4)"))
                }
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let record = try await CommunicationRecordRepository.insert(
                CommunicationRecord(
                    id: 0, officeID: draft.officeID, estateID: estate.id, party: draft.party, developerID: developerID, channel: draft.channel,
                    occurredAt: draft.occurredAt, counterparts: counterparts, summary: summary, recordedBy: caller.actor.userID,
                    recordedAt: work.now),
                in: work.tx)
            try await work.audit(.created(record))
            return record
        }
    }

    public func list(
        officeID: Int64?, estateID: Int64?, party: CommunicationParty?, _ caller: Caller, page: PageRequest
    ) async throws -> Page<CommunicationRecord> {
        try await runner.perform(caller, .readCommunications, readOnly: true) { work in
            let rows = try await CommunicationRecordRepository.list(
                officeID: officeID, estateID: estateID, party: party, afterID: page.afterID, limit: page.limit, in: work.tx)
            return page.page(from: rows, id: \.id)
        }
    }

    /// Each owners' committee the caller may see, with its communications in the current period of
    /// its cadence (EXT-5): those with none are the ones the office manager still has to contact.
    public func committeeContacts(officeID: Int64?, _ caller: Caller) async throws -> [CommitteeContact] {
        try await runner.perform(caller, .readCommunications, readOnly: true) { work in
            let zone = try await work.companyTimeZone()
            return try await CommitteeRepository.contacts(
                officeID: officeID, today: LocalDate(work.now, in: zone), zone: zone.identifier, in: work.tx)
        }
    }
}
