import Domain
import Foundation
import Persistence

/// Safety observation and communication (SAF-1..3): a unit's areas and teams, STOP cards filled in
/// the same day once the observed person has left (planned by a team member, or random by anyone),
/// and the statistics that only planned cards feed. Nothing here can name the observed person.
public struct SafetyObservationService: Sendable {
    private let runner: ServiceRunner
    private let policy: SafetyPolicy

    public init(database: Database, policy: SafetyPolicy = .seedDefaults, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
    }

    static let hqOnly = "an HQ department's safety observation is organized by HQ"
    static let fields = [
        "safety_area_name_key": "name", "safety_team_name_key": "name", "safety_shift_code_key": "code", "safety_time_slot_name_key": "name",
    ]
    static let shiftCode = #"^[a-z][a-z0-9_]{0,19}$"#
    static let maximumObservations = 12

    public func createArea(unit: SafetyUnit, name: String, _ caller: Caller) async throws -> SafetyArea {
        try await runner.perform(caller, .organizeSafety, fields: Self.fields) { work in
            try await work.checkActive(unit, hqOnly: Self.hqOnly)
            var issues: [FieldIssue] = []
            let name = InputRules.required(name, field: "name", limit: 100, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let area = try await SafetyObservationRepository.insertArea(SafetyArea(id: 0, unit: unit, name: name), at: work.now, in: work.tx)
            try await work.audit(.created(area))
            return area
        }
    }

    public func createTeam(unit: SafetyUnit, name: String, leaderID: Int64, memberIDs: [Int64], _ caller: Caller) async throws -> SafetyTeam {
        try await runner.perform(caller, .organizeSafety, fields: Self.fields) { work in
            try await work.checkActive(unit, hqOnly: Self.hqOnly)
            var issues: [FieldIssue] = []
            let name = InputRules.required(name, field: "name", limit: 100, issues: &issues)
            let members = Array(Set(memberIDs + [leaderID])).sorted()
            if !SafetyTeam.sizes.contains(members.count) {
                issues.append(FieldIssue("memberIds", "a team has 2-3 members, the leader included (SAF-2)"))
            } else {
                let ofUnit = try await SafetyObservationRepository.members(of: unit, among: members, in: work.tx)
                if let stranger = members.first(where: { !ofUnit.contains($0) }) {
                    issues.append(FieldIssue("memberIds", "user \(stranger) is not an active member of the unit"))
                }
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let team = try await SafetyObservationRepository.insertTeam(
                SafetyTeam(id: 0, unit: unit, name: name, leaderID: leaderID, memberIDs: members), at: work.now, in: work.tx)
            try await work.audit(.created(team))
            return team
        }
    }

    /// SAF-2/4: a shift the unit works, with its leader and the rest of its crew (members of the unit).
    public func createShift(unit: SafetyUnit, code: String, name: String, leaderID: Int64, crewIDs: [Int64], _ caller: Caller) async throws -> SafetyShift {
        try await runner.perform(caller, .organizeSafety, fields: Self.fields) { work in
            try await work.checkActive(unit, hqOnly: Self.hqOnly)
            var issues: [FieldIssue] = []
            if code.range(of: Self.shiftCode, options: .regularExpression) == nil {
                issues.append(FieldIssue("code", "is a code like day, night or shift_2"))
            }
            let name = InputRules.required(name, field: "name", limit: 100, issues: &issues)
            let crew = Array(Set(crewIDs)).sorted()
            if crew.contains(leaderID) { issues.append(FieldIssue("crewIds", "the rest of the shift, without its leader")) }
            if crew.count > 200 { issues.append(FieldIssue("crewIds", "at most 200 people")) }
            let ofUnit = try await SafetyObservationRepository.members(of: unit, among: crew + [leaderID], in: work.tx)
            if !ofUnit.contains(leaderID) { issues.append(FieldIssue("leaderId", "is not an active member of the unit")) }
            if let stranger = crew.first(where: { !ofUnit.contains($0) }) {
                issues.append(FieldIssue("crewIds", "user \(stranger) is not an active member of the unit"))
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let shift = try await SafetyObservationRepository.insertShift(
                SafetyShift(id: 0, unit: unit, code: code, name: name, leaderID: leaderID, crewIDs: crew), at: work.now, in: work.tx)
            try await work.audit(.created(shift))
            return shift
        }
    }

    /// SAF-2 (seed 5.1): a working time slot the unit's plan must cover, "HH:MM" to "HH:MM" (across midnight when it ends earlier).
    public func createTimeSlot(unit: SafetyUnit, name: String, startsAt: String, endsAt: String, _ caller: Caller) async throws -> SafetyTimeSlot {
        try await runner.perform(caller, .organizeSafety, fields: Self.fields) { work in
            try await work.checkActive(unit, hqOnly: Self.hqOnly)
            var issues: [FieldIssue] = []
            let name = InputRules.required(name, field: "name", limit: 100, issues: &issues)
            if !SafetyTimeSlot.isClockTime(startsAt) { issues.append(FieldIssue("startsAt", "is a time like 08:00")) }
            if !SafetyTimeSlot.isClockTime(endsAt) { issues.append(FieldIssue("endsAt", "is a time like 12:00")) }
            if startsAt == endsAt { issues.append(FieldIssue("endsAt", "differs from startsAt")) }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let slot = try await SafetyObservationRepository.insertTimeSlot(
                SafetyTimeSlot(id: 0, unit: unit, name: name, startsAt: startsAt, endsAt: endsAt), at: work.now, in: work.tx)
            try await work.audit(.created(slot))
            return slot
        }
    }

    /// What a unit declares for its observations: areas, teams, shifts and time slots (SAF-2).
    public struct Setup: Sendable {
        public let areas: [SafetyArea]
        public let teams: [SafetyTeam]
        public let shifts: [SafetyShift]
        public let timeSlots: [SafetyTimeSlot]
    }

    public func setup(of unit: SafetyUnit, _ caller: Caller) async throws -> Setup {
        try await runner.perform(caller, .readSafety, readOnly: true) { work in
            guard work.covers(unit) else { throw ServiceError.validation([FieldIssue("officeId", "no unit you may see")]) }
            return Setup(
                areas: try await SafetyObservationRepository.areas(of: unit, in: work.tx),
                teams: try await SafetyObservationRepository.teams(of: unit, in: work.tx),
                shifts: try await SafetyObservationRepository.shifts(of: unit, in: work.tx),
                timeSlots: try await SafetyObservationRepository.timeSlots(of: unit, in: work.tx))
        }
    }

    public struct CardDraft: Sendable {
        public var unit: SafetyUnit
        public var kind: StopCard.Kind
        public var teamID: Int64?
        public var areaID: Int64
        public var shift: String?
        public var observedAt: Date
        public var observations: [StopCard.Observation]

        public init(
            unit: SafetyUnit, kind: StopCard.Kind, teamID: Int64?, areaID: Int64, shift: String?, observedAt: Date,
            observations: [StopCard.Observation]
        ) {
            self.unit = unit
            self.kind = kind
            self.teamID = teamID
            self.areaID = areaID
            self.shift = shift
            self.observedAt = observedAt
            self.observations = observations
        }
    }

    /// Records the caller's card: a planned one as a member of its team, a random one alone.
    public func recordCard(_ draft: CardDraft, _ caller: Caller) async throws -> StopCard {
        try await runner.perform(caller, .observeSafety) { work in
            try await work.checkActive(draft.unit, hqOnly: Self.hqOnly)
            let today = LocalDate(work.now, in: try await work.companyTimeZone())
            var issues: [FieldIssue] = []
            switch (draft.kind, draft.teamID) {
            case (.planned, nil):
                issues.append(FieldIssue("teamId", "a planned observation is made by a team (SAF-2)"))
            case (.planned, let teamID?):
                let team = try await SafetyObservationRepository.team(id: teamID, in: work.tx)
                if team == nil || team?.unit != draft.unit {
                    issues.append(FieldIssue("teamId", "no team of the unit has this id"))
                } else if let team, !team.memberIDs.contains(caller.actor.userID) {
                    throw ServiceError.forbiddenHere("a planned card is filled in by a member of its team")
                }
            case (.random, _?):
                issues.append(FieldIssue("teamId", "is only for planned observations"))
            case (.random, nil):
                break
            }
            if try await SafetyObservationRepository.area(id: draft.areaID, in: work.tx)?.unit != draft.unit {
                issues.append(FieldIssue("areaId", "no area of the unit has this id"))
            }
            if let shift = draft.shift {
                // Once a unit declares its shifts (SAF-4 quotas count by them), a card names one of them.
                let declared = try await SafetyObservationRepository.shifts(of: draft.unit, in: work.tx).map(\.code)
                if shift.range(of: Self.shiftCode, options: .regularExpression) == nil {
                    issues.append(FieldIssue("shift", "is a code like day, night or shift_2"))
                } else if !declared.isEmpty, !declared.contains(shift) {
                    issues.append(FieldIssue("shift", "is none of the unit's shifts: \(declared.joined(separator: ", "))"))
                }
            }
            if draft.observedAt > work.now.addingTimeInterval(InputRules.clockSkew) {
                issues.append(FieldIssue("observedAt", "is in the future"))
            } else if LocalDate(draft.observedAt, in: try await work.companyTimeZone()) < today.shifted(by: -policy.cardEntryDays) {
                issues.append(FieldIssue("observedAt", "a card is filled in the day of the observation (SAF-3)"))
            }
            if !(1...Self.maximumObservations).contains(draft.observations.count) {
                issues.append(FieldIssue("observations", "a card has 1-\(Self.maximumObservations) observations"))
            }
            var observations: [StopCard.Observation] = []
            for (index, observation) in draft.observations.enumerated() {
                let note = InputRules.optional(observation.note, field: "observations[\(index)].note", limit: 500, issues: &issues) ?? ""
                if Set(observation.actions).count != observation.actions.count {
                    issues.append(FieldIssue("observations[\(index)].actions", "names each action once"))
                }
                observations.append(.init(category: observation.category, safe: observation.safe, actions: observation.actions, note: note))
            }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let card = try await SafetyObservationRepository.insertCard(
                StopCard(
                    id: 0, unit: draft.unit, kind: draft.kind, teamID: draft.teamID, observerID: caller.actor.userID, areaID: draft.areaID,
                    shift: draft.shift, observedAt: min(draft.observedAt, work.now), recordedAt: work.now, observations: observations),
                in: work.tx)
            try await work.audit(.created(card))
            return card
        }
    }

    /// The unit's cards observed on the days `from` through `to` (company time zone).
    public func cards(
        of unit: SafetyUnit, kind: StopCard.Kind?, from: LocalDate, to: LocalDate, _ caller: Caller, page: PageRequest
    ) async throws -> Page<StopCard> {
        try await runner.perform(caller, .readSafety, readOnly: true) { work in
            let range = try await Self.range(unit, from: from, to: to, work)
            let rows = try await SafetyObservationRepository.cards(
                of: unit, kind: kind, from: range.start, to: range.end, afterID: page.afterID, limit: page.limit, in: work.tx)
            return page.page(from: rows, id: \.id)
        }
    }

    /// SAF-1/4: the planned observations per category over the days `from` through `to`.
    public func statistics(of unit: SafetyUnit, from: LocalDate, to: LocalDate, _ caller: Caller) async throws -> SafetyStatistics {
        try await runner.perform(caller, .readSafety, readOnly: true) { work in
            let range = try await Self.range(unit, from: from, to: to, work)
            return try await SafetyObservationRepository.statistics(of: unit, from: range.start, to: range.end, in: work.tx)
        }
    }

    /// The instants of the days `from` through `to` of a unit the caller sees; at most 400 days.
    static func range(_ unit: SafetyUnit, from: LocalDate, to: LocalDate, _ work: ServiceWork) async throws -> (start: Date, end: Date) {
        guard work.covers(unit) else { throw ServiceError.validation([FieldIssue("officeId", "no unit you may see")]) }
        guard from <= to, to.daysSinceEpoch - from.daysSinceEpoch < 400
        else { throw ServiceError.validation([FieldIssue("to", "is on or after from, at most 400 days later")]) }
        let zone = try await work.companyTimeZone()
        return (from.start(in: zone), to.shifted(by: 1).start(in: zone))
    }
}
