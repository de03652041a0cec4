import Domain
import Foundation
import Persistence

/// The information register 信息交流表 (INF-1/2): everyone records information as it comes; QUALITY
/// keeps the register (who was told, handling, the meeting that reviewed it, closing). Urgent
/// information notifies QUALITY and the management representative at once and closes only after
/// its corrective/preventive action report is approved; a possible major nonconformity notifies the
/// management representative.
public struct InformationRegisterService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public struct Draft: Sendable {
        public var officeID: Int64?
        public var direction: InformationEntry.Direction
        public var sourceKind: InformationEntry.SourceKind
        public var source: String
        public var content: String
        public var told: String?
        public var urgent: Bool
        public var majorNonconformity: Bool
        public var receivedAt: Date

        public init(
            officeID: Int64?, direction: InformationEntry.Direction, sourceKind: InformationEntry.SourceKind, source: String, content: String,
            told: String?, urgent: Bool, majorNonconformity: Bool, receivedAt: Date
        ) {
            self.officeID = officeID
            self.direction = direction
            self.sourceKind = sourceKind
            self.source = source
            self.content = content
            self.told = told
            self.urgent = urgent
            self.majorNonconformity = majorNonconformity
            self.receivedAt = receivedAt
        }
    }

    public func record(_ draft: Draft, _ caller: Caller) async throws -> InformationEntry {
        try await runner.perform(caller, .recordInformation) { work in
            if let officeID = draft.officeID {
                try await work.checkActive(office: officeID)
            } else if work.scope != .allOffices {
                throw ServiceError.validation([FieldIssue("officeId", "name your office: information without one is HQ's")])
            }
            var issues: [FieldIssue] = []
            let source = InputRules.required(draft.source, field: "source", limit: 200, issues: &issues)
            let content = InputRules.required(draft.content, field: "content", limit: 8000, issues: &issues)
            let told = InputRules.optional(draft.told, field: "told", limit: 1000, issues: &issues) ?? ""
            InputRules.reportedTime(draft.receivedAt, field: "receivedAt", now: work.now, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let entry = try await InformationEntryRepository.insert(
                InformationEntry(
                    id: 0, officeID: draft.officeID, direction: draft.direction, sourceKind: draft.sourceKind, source: source, content: content,
                    told: told, handling: "", urgent: draft.urgent, majorNonconformity: draft.majorNonconformity,
                    receivedAt: min(draft.receivedAt, work.now), recordedBy: caller.actor.userID, recordedAt: work.now),
                in: work.tx)
            try await work.audit(.created(entry))
            // INF-2: urgent information goes at once to QUALITY and on to the management representative;
            // seed 000 5.11: a possible major nonconformity to the management representative.
            let subject = StaffNotification.Subject(kind: .informationEntry, id: entry.id)
            var recipients: [(Int64, StaffNotification.Kind)] = []
            if entry.urgent {
                for role in [Role.qualityStaff, .managementRep] {
                    recipients += try await NotificationRepository.users(withRole: role, in: work.tx).map { ($0, .urgentInformation) }
                }
            }
            if entry.majorNonconformity {
                recipients += try await NotificationRepository.users(withRole: .managementRep, in: work.tx).map { ($0, .majorNonconformity) }
            }
            for (recipient, kind) in recipients {
                try await NotificationRepository.insert(officeID: entry.officeID, recipientID: recipient, kind: kind, subject: subject, at: work.now, in: work.tx)
            }
            return entry
        }
    }

    /// QUALITY's part: who was told, the handling, the meeting that reviewed it (If-Match).
    public func revise(
        id: Int64, told: String, handling: String, reviewedMeetingID: Int64?, expectedVersion: Int?, _ caller: Caller
    ) async throws -> InformationEntry {
        try await change(id, verb: "update", action: .manageInformation, expectedVersion: expectedVersion, caller) { entry, work in
            var issues: [FieldIssue] = []
            entry.told = InputRules.optional(told, field: "told", limit: 1000, issues: &issues) ?? ""
            entry.handling = InputRules.optional(handling, field: "handling", limit: 8000, issues: &issues) ?? ""
            if let meetingID = reviewedMeetingID {
                let meeting = try await MeetingRepository.find(id: meetingID, in: work.tx)
                if meeting == nil || meeting?.minutes == nil {
                    issues.append(FieldIssue("reviewedMeetingId", "no meeting with minutes has this id"))
                }
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            entry.reviewedMeetingID = reviewedMeetingID
        }
    }

    /// INF-2: the corrective/preventive action report, by whoever records information (the office's or QUALITY); replaces an unapproved one.
    public func writeActionReport(id: Int64, report: String, expectedVersion: Int?, _ caller: Caller) async throws -> InformationEntry {
        try await change(id, verb: "action_report", action: .recordInformation, expectedVersion: expectedVersion, caller) { entry, work in
            guard entry.actionApprovedAt == nil else { throw ServiceError.invalidState("the action report is approved") }
            var issues: [FieldIssue] = []
            entry.actionReport = InputRules.required(report, field: "report", limit: 8000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            entry.actionReportBy = caller.actor.userID
            entry.actionReportAt = work.now
        }
    }

    public func approveActionReport(id: Int64, expectedVersion: Int?, _ caller: Caller) async throws -> InformationEntry {
        try await change(id, verb: "approve_action_report", action: .approveInformationReports, expectedVersion: expectedVersion, caller) { entry, work in
            guard entry.actionReport != nil else { throw ServiceError.invalidState("no action report has been written yet") }
            guard entry.actionApprovedAt == nil else { throw ServiceError.invalidState("the action report is already approved") }
            entry.actionApprovedBy = caller.actor.userID
            entry.actionApprovedAt = work.now
        }
    }

    public func close(id: Int64, expectedVersion: Int?, _ caller: Caller) async throws -> InformationEntry {
        try await change(id, verb: "close", action: .manageInformation, expectedVersion: expectedVersion, caller) { entry, work in
            guard entry.closedAt == nil else { throw ServiceError.invalidState("the entry is closed") }
            guard entry.mayClose else {
                throw ServiceError.invalidState("urgent information closes once its corrective/preventive action report is approved (INF-2)")
            }
            entry.closedAt = work.now
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> InformationEntry {
        try await runner.perform(caller, .recordInformation, readOnly: true) { work in try await Self.entry(id, work: work) }
    }

    public func list(officeID: Int64?, urgent: Bool?, open: Bool?, _ caller: Caller, page: PageRequest) async throws -> Page<InformationEntry> {
        try await runner.perform(caller, .recordInformation, readOnly: true) { work in
            page.page(
                from: try await InformationEntryRepository.list(
                    officeID: officeID, urgent: urgent, open: open, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    /// One change of an entry under `action`, If-Match checked, saved and audited as `information_entry.<verb>`.
    private func change(
        _ id: Int64, verb: String, action: Action, expectedVersion: Int?, _ caller: Caller,
        _ apply: (inout InformationEntry, ServiceWork) async throws -> Void
    ) async throws -> InformationEntry {
        try await runner.perform(caller, action) { work in
            let before = try await Self.entry(id, forUpdate: true, work: work)
            try work.check(version: before.version, expected: expectedVersion)
            if verb != "close", before.closedAt != nil { throw ServiceError.invalidState("the entry is closed") }
            var entry = before
            try await apply(&entry, work)
            entry = try await InformationEntryRepository.update(entry, in: work.tx)
            try await work.audit(.changed(verb, from: before, to: entry))
            return entry
        }
    }

    /// The entry, if the caller sees its office (HQ's own entries: HQ only; RLS agrees).
    static func entry(_ id: Int64, forUpdate: Bool = false, work: ServiceWork) async throws -> InformationEntry {
        guard let entry = try await InformationEntryRepository.find(id: id, forUpdate: forUpdate, in: work.tx),
              entry.officeID.map { work.covers(office: $0) } ?? (work.scope == .allOffices)
        else { throw ServiceError.notFound("no information entry with id \(id)") }
        return entry
    }
}
