import Domain
import Foundation
import Persistence

/// Community culture activities (INF-6, seed 002 9): the office records each activity it held — date, place,
/// participants, a written record (photos are attachments) — and then evaluates its effect; HQ sees which offices
/// held fewer than the policy's minimum in a quarter.
public struct CommunityActivityService: Sendable {
    private let runner: ServiceRunner
    private let policy: ActivityPolicy

    public init(database: Database, policy: ActivityPolicy = .defaults, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
    }

    public struct Draft: Sendable {
        public var officeID: Int64
        public var planID: Int64?
        public var title: String
        public var heldOn: LocalDate
        public var place: String
        public var participants: String?
        public var participantCount: Int
        public var record: String?

        public init(
            officeID: Int64, planID: Int64?, title: String, heldOn: LocalDate, place: String, participants: String?, participantCount: Int,
            record: String?
        ) {
            self.officeID = officeID
            self.planID = planID
            self.title = title
            self.heldOn = heldOn
            self.place = place
            self.participants = participants
            self.participantCount = participantCount
            self.record = record
        }
    }

    /// Records an activity held (not in the future, at most a year back).
    public func record(_ draft: Draft, _ caller: Caller) async throws -> CommunityActivity {
        try await runner.perform(caller, .planActivities) { work in
            try await work.checkActive(office: draft.officeID)
            var issues: [FieldIssue] = []
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            if draft.heldOn > today { issues.append(FieldIssue("heldOn", "is in the future; record an activity once held")) }
            if draft.heldOn < today.shifted(by: -366) { issues.append(FieldIssue("heldOn", "is more than a year ago")) }
            let title = InputRules.required(draft.title, field: "title", limit: 200, issues: &issues)
            let place = InputRules.required(draft.place, field: "place", limit: 200, issues: &issues)
            let participants = InputRules.optional(draft.participants, field: "participants", limit: 2000, issues: &issues) ?? ""
            let record = InputRules.optional(draft.record, field: "record", limit: 20_000, issues: &issues)
            if !(0...100_000).contains(draft.participantCount) { issues.append(FieldIssue("participantCount", "must be 0-100000")) }
            if let planID = draft.planID {
                let plan = try await ActivityPlanRepository.find(id: planID, in: work.tx)
                if plan?.officeID != draft.officeID { issues.append(FieldIssue("planId", "no activity plan of this office has this id")) }
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let activity = try await CommunityActivityRepository.insert(
                CommunityActivity(
                    id: 0, officeID: draft.officeID, planID: draft.planID, title: title, heldOn: draft.heldOn, place: place, participants: participants,
                    participantCount: draft.participantCount, record: record, createdBy: caller.actor.userID, createdAt: work.now),
                in: work.tx)
            try await work.audit(.created(activity))
            return activity
        }
    }

    /// The evaluation of the activity's effect (If-Match); may be rewritten.
    public func evaluate(id: Int64, evaluation: String, expectedVersion: Int?, _ caller: Caller) async throws -> CommunityActivity {
        try await runner.perform(caller, .planActivities) { work in
            let before = try await Self.activity(id, forUpdate: true, work: work)
            try work.check(version: before.version, expected: expectedVersion)
            var issues: [FieldIssue] = []
            var after = before
            after.evaluation = InputRules.required(evaluation, field: "evaluation", limit: 8000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            after.evaluatedBy = caller.actor.userID
            after.evaluatedAt = work.now
            after = try await CommunityActivityRepository.update(after, in: work.tx)
            try await work.audit(.changed("evaluate", from: before, to: after))
            return after
        }
    }

    public func get(id: Int64, _ caller: Caller) async throws -> CommunityActivity {
        try await runner.perform(caller, .readActivities, readOnly: true) { work in try await Self.activity(id, work: work) }
    }

    public func list(officeID: Int64?, year: Int?, _ caller: Caller, page: PageRequest) async throws -> Page<CommunityActivity> {
        try await runner.perform(caller, .readActivities, readOnly: true) { work in
            page.page(
                from: try await CommunityActivityRepository.list(officeID: officeID, year: year, afterID: page.afterID, limit: page.limit, in: work.tx),
                id: \.id)
        }
    }

    /// Each office the caller sees × each quarter of `year` begun so far: the activities held and whether they reach
    /// the policy's minimum (INF-6). A quarter still running counts what was held so far.
    public func compliance(year: Int, _ caller: Caller) async throws -> [ActivityCompliance] {
        try await runner.perform(caller, .readActivities, readOnly: true) { work in
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            let quarters = year < today.year ? 4 : year == today.year ? (today.month - 1) / 3 + 1 : 0
            guard quarters > 0 else { throw ServiceError.validation([FieldIssue("year", "has not begun")]) }
            return try await CommunityActivityRepository.quarterly(year: year, quarters: quarters, in: work.tx).map { row in
                ActivityCompliance(
                    officeID: row.officeID, officeCode: row.officeCode, year: year, quarter: row.quarter, activities: row.activities,
                    documented: row.documented, evaluated: row.evaluated, compliant: row.activities >= policy.minimumPerQuarter)
            }
        }
    }

    static func activity(_ id: Int64, forUpdate: Bool = false, work: ServiceWork) async throws -> CommunityActivity {
        guard let activity = try await CommunityActivityRepository.find(id: id, forUpdate: forUpdate, in: work.tx), work.covers(office: activity.officeID)
        else { throw ServiceError.notFound("no community activity with id \(id)") }
        return activity
    }
}
