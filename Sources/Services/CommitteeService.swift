import Domain
import Foundation
import Persistence

/// An estate's owners' committee (业委会, ORG-4): read with `organization.read`, kept by
/// `estates.manage` in the estate's office. Exactly one chair.
public struct CommitteeService: Sendable {
    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public static let maximumMembers = 50
    static let constraintFields = [
        "committee_member_owner_fkey": "members", "committee_member_one_chair": "members",
        "owners_committee_name_not_blank": "name",
    ]

    public func get(estateID: Int64, _ caller: Caller) async throws -> OwnersCommittee {
        try await runner.perform(caller, .readOrganization, readOnly: true) { work in
            _ = try await Self.estate(estateID, work: work)
            guard let committee = try await CommitteeRepository.find(estateID: estateID, in: work.tx)
            else { throw ServiceError.notFound("estate \(estateID) has no owners' committee") }
            return committee
        }
    }

    /// Creates or replaces the committee of an estate, its chair and members, and how often the office
    /// manager contacts it (EXT-5; kept when not given, monthly for a new committee).
    public func save(
        estateID: Int64, name: String, formedOn: LocalDate?, members: [OwnersCommittee.Member], contactCadence: KPIPeriod.Kind? = nil,
        expectedVersion: Int?, _ caller: Caller
    ) async throws -> OwnersCommittee {
        try await runner.perform(caller, .manageEstates, fields: Self.constraintFields) { work in
            var issues: [FieldIssue] = []
            let name = ContactRules.name(name, field: "name", limit: 200, issues: &issues)
            if members.count > Self.maximumMembers { issues.append(FieldIssue("members", "at most \(Self.maximumMembers) members")) }
            if members.filter({ $0.role == .chair }).count != 1 { issues.append(FieldIssue("members", "must name exactly one chair")) }
            if let contactCadence, !OwnersCommittee.contactCadences.contains(contactCadence) {
                issues.append(FieldIssue("contactCadence", "must be month, quarter or half_year (EXT-5)"))
            }
            let cleaned = members.enumerated().map { index, member in
                let memberName = ContactRules.name(member.name, field: "members/\(index)/name", issues: &issues)
                let phone = member.phone.trimmingCharacters(in: .whitespaces)
                if let issue = ContactRules.phoneIssue(phone, field: "members/\(index)/phone") { issues.append(issue) }
                return OwnersCommittee.Member(name: memberName, role: member.role, phone: phone, ownerID: member.ownerID)
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let estate = try await Self.estate(estateID, work: work)
            let before = try await CommitteeRepository.find(estateID: estateID, forUpdate: true, in: work.tx)
            if let before { try work.check(version: before.version, expected: expectedVersion) }
            try await CommitteeRepository.save(
                officeID: estate.officeID, estateID: estateID, name: name, formedOn: formedOn, members: cleaned,
                contactCadence: contactCadence ?? before?.contactCadence ?? .month, in: work.tx)
            guard let after = try await CommitteeRepository.find(estateID: estateID, in: work.tx) else {
                throw ServiceError.notFound("estate \(estateID) has no owners' committee")
            }
            try await work.audit(before.map { .changed("update", from: $0, to: after) } ?? .created(after))
            return after
        }
    }

    private static func estate(_ id: Int64, work: ServiceWork) async throws -> Estate {
        guard let estate = try await EstateRepository.find(estateID: id, in: work.tx), work.covers(office: estate.officeID)
        else { throw ServiceError.notFound("no estate with id \(id)") }
        return estate
    }
}
