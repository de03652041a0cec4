import Domain
import Foundation
import Persistence

/// The yearly staff-needs census 员工需求普查 (INF-7): ADMIN & HR opens one a year; everyone on staff writes their needs
/// while it is open and reads their own; ADMIN & HR and the president read them all and answer — needs many share
/// by one company document, a pointed one by the leader concerned in person.
public struct StaffNeedsCensusService: Sendable {
    /// How many needs one person may write in a census: enough for anyone, few enough to bound a list.
    public static let needsPerPerson = 20
    /// How many needs one answer may cover (a company document answering a shared need).
    public static let needsPerAnswer = 200

    private let runner: ServiceRunner

    public init(database: Database, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
    }

    public func open(year: Int, title: String?, opensOn: LocalDate, closesOn: LocalDate, _ caller: Caller) async throws -> StaffNeedsCensus {
        try await runner.perform(caller, .manageStaffNeeds, fields: ["staff_needs_census_year_key": "year"]) { work in
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            var issues: [FieldIssue] = []
            if !(today.year - 1...today.year + 1).contains(year) { issues.append(FieldIssue("year", "must be last year, this year or next")) }
            if closesOn < opensOn { issues.append(FieldIssue("closesOn", "is before opensOn")) }
            if closesOn < today { issues.append(FieldIssue("closesOn", "has passed: a census must be open for at least today")) }
            if closesOn > opensOn.shifted(by: 92) { issues.append(FieldIssue("closesOn", "a census is open for at most 3 months")) }
            let title = InputRules.optional(title, field: "title", limit: 200, issues: &issues) ?? "\(year)年员工需求普查"
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let census = try await StaffNeedsCensusRepository.insert(
                StaffNeedsCensus(
                    id: 0, year: year, title: title, opensOn: opensOn, closesOn: closesOn, openedBy: caller.actor.userID, openedAt: work.now),
                in: work.tx)
            try await work.audit(.created(census))
            return census
        }
    }

    public func list(_ caller: Caller) async throws -> [StaffNeedsCensus] {
        try await runner.perform(caller, .submitStaffNeeds, readOnly: true) { work in try await StaffNeedsCensusRepository.list(in: work.tx) }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> StaffNeedsCensus {
        try await runner.perform(caller, .submitStaffNeeds, readOnly: true) { work in try await Self.census(id, work: work) }
    }

    /// The needs written and answered per category, over every office.
    public func progress(id: Int64, _ caller: Caller) async throws -> StaffNeedsCensus.Progress {
        try await runner.perform(caller, .manageStaffNeeds, readOnly: true) { work in
            _ = try await Self.census(id, work: work)
            return try await StaffNeedsCensusRepository.progress(censusID: id, in: work.tx)
        }
    }

    /// Writes a need from the caller's office: `officeID` may be left out by who belongs to one office (or to HQ).
    public func submit(
        censusID: Int64, category: StaffNeed.Category, content: String, officeID: Int64?, _ caller: Caller
    ) async throws -> StaffNeed {
        try await runner.perform(caller, .submitStaffNeeds) { work in
            let census = try await Self.census(censusID, work: work)
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            guard census.acceptsNeeds(on: today) else {
                throw ServiceError.invalidState("the census takes needs from \(census.opensOn) through \(census.closesOn)")
            }
            var issues: [FieldIssue] = []
            let content = InputRules.required(content, field: "content", limit: 4000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let office = try await Self.writersOffice(officeID, work: work)
            guard try await StaffNeedRepository.count(censusID: censusID, submittedBy: caller.actor.userID, in: work.tx) < Self.needsPerPerson else {
                throw ServiceError.invalidState("you have written \(Self.needsPerPerson) needs in this census, the most it takes from one person")
            }
            let need = try await StaffNeedRepository.insert(
                StaffNeed(
                    id: 0, censusID: censusID, officeID: office, submittedBy: caller.actor.userID, submittedAt: work.now, category: category,
                    content: content),
                in: work.tx)
            try await work.audit(.created(need))
            return need
        }
    }

    /// The census's needs: every one for ADMIN & HR and the president, the caller's own for anyone else.
    public func needs(
        censusID: Int64, officeID: Int64?, category: StaffNeed.Category?, answered: Bool?, _ caller: Caller, page: PageRequest
    ) async throws -> Page<StaffNeed> {
        try await runner.perform(caller, .submitStaffNeeds, readOnly: true) { work in
            _ = try await Self.census(censusID, work: work)
            let readsAll = PermissionMatrix.scope(of: caller.actor.roles, for: .manageStaffNeeds) != nil
            return page.page(
                from: try await StaffNeedRepository.list(
                    censusID: censusID, submittedBy: readsAll ? nil : caller.actor.userID, officeID: officeID, category: category,
                    answered: answered, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    /// Answers needs of the census, each once: one answer may cover many (a company document); an in-person talk is with
    /// one writer. One audit row per need answered, so each need's history is whole.
    public func answer(censusID: Int64, needIDs: [Int64], _ draft: LeadershipAnswerDraft, _ caller: Caller) async throws -> [StaffNeed] {
        try await runner.perform(caller, .manageStaffNeeds) { work in
            _ = try await Self.census(censusID, work: work)
            let ids = Array(Set(needIDs)).sorted()
            guard (1...Self.needsPerAnswer).contains(ids.count) else {
                throw ServiceError.validation([FieldIssue("needIds", "must name 1-\(Self.needsPerAnswer) needs")])
            }
            let needs = try await StaffNeedRepository.find(censusID: censusID, ids: ids, in: work.tx)
            let missing = Set(ids).subtracting(needs.map(\.id)).sorted()
            guard missing.isEmpty else {
                throw ServiceError.validation([FieldIssue("needIds", "no need of this census has id \(missing.map(String.init).joined(separator: ", "))")])
            }
            if draft.kind == .inPerson && Set(needs.map(\.submittedBy)).count > 1 {
                throw ServiceError.validation([FieldIssue("needIds", "an in-person talk answers the needs of one writer")])
            }
            if let answered = needs.first(where: { $0.answer != nil }) {
                throw ServiceError.invalidState("need \(answered.id) has been answered")
            }
            let answer = try await LeadershipAnswerRules.answer(draft, writerIsAnonymous: false, work: work)
            var answeredNeeds: [StaffNeed] = []
            for before in needs {
                var after = before
                after.answer = answer
                after = try await StaffNeedRepository.update(after, in: work.tx)
                try await work.audit(.changed("answer", from: before, to: after))
                answeredNeeds.append(after)
            }
            return answeredNeeds
        }
    }

    /// The office a need is written from: the one named (which the caller must belong to), else the caller's only
    /// office, else HQ for HQ staff (nil).
    static func writersOffice(_ officeID: Int64?, work: ServiceWork) async throws -> Int64? {
        if let officeID {
            guard work.caller.actor.officeIDs.contains(officeID) else {
                throw ServiceError.validation([FieldIssue("officeId", "is not an office you belong to")])
            }
            try await work.checkActive(office: officeID)
            return officeID
        }
        if work.scope == .allOffices { return nil }
        guard work.caller.actor.officeIDs.count == 1, let only = work.caller.actor.officeIDs.first else {
            throw ServiceError.validation([FieldIssue("officeId", "is required: you belong to several offices")])
        }
        return only
    }

    static func census(_ id: Int64, work: ServiceWork) async throws -> StaffNeedsCensus {
        guard let census = try await StaffNeedsCensusRepository.find(id: id, in: work.tx) else {
            throw ServiceError.notFound("no staff-needs census with id \(id)")
        }
        return census
    }
}
