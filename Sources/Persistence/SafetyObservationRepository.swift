import Domain
import Foundation

/// Safety areas, observation teams and STOP cards (`liaison.safety_area`, `safety_team`,
/// `stop_card`, `stop_card_observation`; SAF-1..3). No column holds an observed person.
public enum SafetyObservationRepository {
    public static func insertArea(_ area: SafetyArea, at now: Date, in tx: Transaction) async throws -> SafetyArea {
        try decodeArea(try await tx.query("""
            INSERT INTO liaison.safety_area (office_id, department_id, name, created_at)
            VALUES (\(area.unit.officeID), \(area.unit.departmentID), \(area.name), \(now))
            RETURNING id, office_id, department_id, name
            """).single())
    }

    public static func areas(of unit: SafetyUnit, in tx: Transaction) async throws -> [SafetyArea] {
        try await tx.query("""
            SELECT id, office_id, department_id, name FROM liaison.safety_area
            WHERE office_id IS NOT DISTINCT FROM \(unit.officeID) AND department_id IS NOT DISTINCT FROM \(unit.departmentID)
            ORDER BY id LIMIT 500
            """).map(decodeArea)
    }

    public static func area(id: Int64, in tx: Transaction) async throws -> SafetyArea? {
        try await tx.query("SELECT id, office_id, department_id, name FROM liaison.safety_area WHERE id = \(id)").first.map(decodeArea)
    }

    public static func insertTeam(_ team: SafetyTeam, at now: Date, in tx: Transaction) async throws -> SafetyTeam {
        try decodeTeam(try await tx.query("""
            INSERT INTO liaison.safety_team (office_id, department_id, name, leader_id, member_ids, created_at)
            VALUES (\(team.unit.officeID), \(team.unit.departmentID), \(team.name), \(team.leaderID), \(team.memberIDs), \(now))
            RETURNING id, office_id, department_id, name, leader_id, member_ids
            """).single())
    }

    public static func teams(of unit: SafetyUnit, in tx: Transaction) async throws -> [SafetyTeam] {
        try await tx.query("""
            SELECT id, office_id, department_id, name, leader_id, member_ids FROM liaison.safety_team
            WHERE office_id IS NOT DISTINCT FROM \(unit.officeID) AND department_id IS NOT DISTINCT FROM \(unit.departmentID)
            ORDER BY id LIMIT 500
            """).map(decodeTeam)
    }

    public static func team(id: Int64, in tx: Transaction) async throws -> SafetyTeam? {
        try await tx.query("""
            SELECT id, office_id, department_id, name, leader_id, member_ids FROM liaison.safety_team WHERE id = \(id)
            """).first.map(decodeTeam)
    }

    /// Which of `userIDs` are active members of the unit (the office's staff, or the department's).
    public static func members(of unit: SafetyUnit, among userIDs: [Int64], in tx: Transaction) async throws -> Set<Int64> {
        Set(try await tx.query("""
            SELECT u.id FROM liaison.staff_user u
            WHERE u.active AND u.id = ANY (\(userIDs)::bigint[])
              AND (u.department_id = \(unit.departmentID)
                   OR EXISTS (SELECT 1 FROM liaison.staff_user_office so WHERE so.user_id = u.id AND so.office_id = \(unit.officeID)))
            """).map { try $0.decode("id") as Int64 })
    }

    public static func insertCard(_ card: StopCard, in tx: Transaction) async throws -> StopCard {
        let id: Int64 = try await tx.query("""
            INSERT INTO liaison.stop_card (office_id, department_id, kind, team_id, observer_id, area_id, shift, observed_at, recorded_at)
            VALUES (\(card.unit.officeID), \(card.unit.departmentID), \(card.kind.rawValue), \(card.teamID), \(card.observerID), \(card.areaID),
                    \(card.shift), \(card.observedAt), \(card.recordedAt))
            RETURNING id
            """).single().decode("id")
        for (index, observation) in card.observations.enumerated() {
            try await tx.execute("""
                INSERT INTO liaison.stop_card_observation (card_id, office_id, position, category, safe, actions, note)
                VALUES (\(id), \(card.unit.officeID), \(index + 1), \(observation.category.rawValue), \(observation.safe),
                        \(observation.actions.map(\.rawValue)), \(observation.note))
                """)
        }
        return try await cards(ids: [id], in: tx)[0]
    }

    /// Up to `limit + 1` cards of the unit observed in [`from`, `to`) after `afterID`, in id order.
    public static func cards(
        of unit: SafetyUnit, kind: StopCard.Kind?, from: Date, to: Date, afterID: Int64?, limit: Int, in tx: Transaction
    ) async throws -> [StopCard] {
        let ids: [Int64] = try await tx.query("""
            SELECT id FROM liaison.stop_card
            WHERE office_id IS NOT DISTINCT FROM \(unit.officeID) AND department_id IS NOT DISTINCT FROM \(unit.departmentID)
              AND id > \(afterID ?? 0) AND observed_at >= \(from) AND observed_at < \(to)
              AND (\(kind?.rawValue)::text IS NULL OR kind = \(kind?.rawValue))
            ORDER BY id LIMIT \(limit + 1)
            """).map { try $0.decode("id") }
        return try await cards(ids: ids, in: tx)
    }

    /// The unit's statistics over [`from`, `to`): planned cards' observations per category (SAF-1: random cards only counted as such).
    /// The unit's (every unit's when nil) planned observations per category in [from, to), and how many random cards there were.
    public static func statistics(of unit: SafetyUnit?, from: Date, to: Date, in tx: Transaction) async throws -> SafetyStatistics {
        let range: SQLQuery = """
            (\(unit == nil) OR (c.office_id IS NOT DISTINCT FROM \(unit?.officeID) AND c.department_id IS NOT DISTINCT FROM \(unit?.departmentID)))
            AND c.observed_at >= \(from) AND c.observed_at < \(to)
            """
        let totals = try await tx.query("""
            SELECT count(*) FILTER (WHERE c.kind = 'planned') AS planned, count(*) FILTER (WHERE c.kind = 'random') AS random
            FROM liaison.stop_card c WHERE \(range)
            """).single()
        let lines: [SafetyStatistics.Line] = try await tx.query("""
            SELECT o.category, count(*) FILTER (WHERE o.safe) AS safe, count(*) FILTER (WHERE NOT o.safe) AS unsafe
            FROM liaison.stop_card c JOIN liaison.stop_card_observation o ON o.card_id = c.id
            WHERE c.kind = 'planned' AND \(range)
            GROUP BY o.category
            """).map {
            SafetyStatistics.Line(
                category: try TicketRepository.value($0.decode("category"), column: "category"),
                safe: Int(try $0.decode("safe") as Int64), unsafe: Int(try $0.decode("unsafe") as Int64))
        }
        return SafetyStatistics(
            plannedCards: Int(try totals.decode("planned") as Int64), randomCards: Int(try totals.decode("random") as Int64), counted: lines)
    }

    private static func cards(ids: [Int64], in tx: Transaction) async throws -> [StopCard] {
        guard !ids.isEmpty else { return [] }
        var observations: [Int64: [StopCard.Observation]] = [:]
        for row in try await tx.query("""
            SELECT card_id, category, safe, actions, note FROM liaison.stop_card_observation
            WHERE card_id = ANY (\(ids)::bigint[]) ORDER BY card_id, position
            """) {
            let actions: [String] = try row.decode("actions")
            observations[try row.decode("card_id"), default: []].append(StopCard.Observation(
                category: try TicketRepository.value(row.decode("category"), column: "category"), safe: try row.decode("safe"),
                actions: try actions.map { try TicketRepository.value($0, column: "actions") }, note: try row.decode("note")))
        }
        return try await tx.query("""
            SELECT id, office_id, department_id, kind, team_id, observer_id, area_id, shift, observed_at, recorded_at
            FROM liaison.stop_card WHERE id = ANY (\(ids)::bigint[]) ORDER BY id
            """).map { row in
            let id: Int64 = try row.decode("id")
            return StopCard(
                id: id, unit: try SafetyUnit(row: row), kind: try TicketRepository.value(row.decode("kind"), column: "kind"),
                teamID: try row.decode("team_id"), observerID: try row.decode("observer_id"), areaID: try row.decode("area_id"),
                shift: try row.decode("shift"), observedAt: try row.decode("observed_at"), recordedAt: try row.decode("recorded_at"),
                observations: observations[id] ?? [])
        }
    }

    static func decodeArea(_ row: PostgresRow) throws -> SafetyArea {
        SafetyArea(id: try row.decode("id"), unit: try SafetyUnit(row: row), name: try row.decode("name"))
    }

    // MARK: Shifts and quotas (SAF-4)

    public static func insertShift(_ shift: SafetyShift, at now: Date, in tx: Transaction) async throws -> SafetyShift {
        try decodeShift(try await tx.query("""
            INSERT INTO liaison.safety_shift (office_id, department_id, code, name, leader_id, crew_ids, created_at)
            VALUES (\(shift.unit.officeID), \(shift.unit.departmentID), \(shift.code), \(shift.name), \(shift.leaderID), \(shift.crewIDs), \(now))
            RETURNING id, office_id, department_id, code, name, leader_id, crew_ids
            """).single())
    }

    public static func shifts(of unit: SafetyUnit, in tx: Transaction) async throws -> [SafetyShift] {
        try await tx.query("""
            SELECT id, office_id, department_id, code, name, leader_id, crew_ids FROM liaison.safety_shift
            WHERE office_id IS NOT DISTINCT FROM \(unit.officeID) AND department_id IS NOT DISTINCT FROM \(unit.departmentID)
            ORDER BY code LIMIT 100
            """).map(decodeShift)
    }

    /// The unit's managers 管理人员及大班 who owe an observation a day (SAF-4): an office's active
    /// OFFICE_MANAGER and SUPERVISOR users, an HQ department's active members.
    public static func managers(of unit: SafetyUnit, in tx: Transaction) async throws -> [Int64] {
        try await tx.query("""
            SELECT u.id FROM liaison.staff_user u
            WHERE u.active AND (u.department_id = \(unit.departmentID)
                OR (EXISTS (SELECT 1 FROM liaison.staff_user_office so WHERE so.user_id = u.id AND so.office_id = \(unit.officeID))
                    AND EXISTS (SELECT 1 FROM liaison.staff_user_role r WHERE r.user_id = u.id AND r.role IN ('OFFICE_MANAGER', 'SUPERVISOR'))))
            ORDER BY u.id LIMIT 500
            """).map { try $0.decode("id") as Int64 }
    }

    /// The unit's planned cards observed in [from, to): when, in which shift, and who took part
    /// (the observer and the team's members). Random cards never count (SAF-1).
    public static func plannedParticipation(
        of unit: SafetyUnit, from: Date, to: Date, in tx: Transaction
    ) async throws -> [(observedAt: Date, shift: String?, people: [Int64])] {
        try await tx.query("""
            SELECT c.observed_at, c.shift, array_append(t.member_ids, c.observer_id) AS people
            FROM liaison.stop_card c JOIN liaison.safety_team t ON t.id = c.team_id
            WHERE c.kind = 'planned' AND c.office_id IS NOT DISTINCT FROM \(unit.officeID)
              AND c.department_id IS NOT DISTINCT FROM \(unit.departmentID) AND c.observed_at >= \(from) AND c.observed_at < \(to)
            ORDER BY c.id LIMIT 20000
            """).map { row in
            (observedAt: try row.decode("observed_at"), shift: try row.decode("shift"), people: try row.decode("people"))
        }
    }

    public static func insertTimeSlot(_ slot: SafetyTimeSlot, at now: Date, in tx: Transaction) async throws -> SafetyTimeSlot {
        try decodeTimeSlot(try await tx.query("""
            INSERT INTO liaison.safety_time_slot (office_id, department_id, name, starts_at, ends_at, created_at)
            VALUES (\(slot.unit.officeID), \(slot.unit.departmentID), \(slot.name), \(slot.startsAt)::time, \(slot.endsAt)::time, \(now))
            RETURNING id, office_id, department_id, name, to_char(starts_at, 'HH24:MI') AS starts_at, to_char(ends_at, 'HH24:MI') AS ends_at
            """).single())
    }

    public static func timeSlots(of unit: SafetyUnit, in tx: Transaction) async throws -> [SafetyTimeSlot] {
        try await tx.query("""
            SELECT id, office_id, department_id, name, to_char(starts_at, 'HH24:MI') AS starts_at, to_char(ends_at, 'HH24:MI') AS ends_at
            FROM liaison.safety_time_slot
            WHERE office_id IS NOT DISTINCT FROM \(unit.officeID) AND department_id IS NOT DISTINCT FROM \(unit.departmentID)
            ORDER BY starts_at, id LIMIT 100
            """).map(decodeTimeSlot)
    }

    static func decodeTimeSlot(_ row: PostgresRow) throws -> SafetyTimeSlot {
        SafetyTimeSlot(
            id: try row.decode("id"), unit: try SafetyUnit(row: row), name: try row.decode("name"), startsAt: try row.decode("starts_at"),
            endsAt: try row.decode("ends_at"))
    }

    static func decodeShift(_ row: PostgresRow) throws -> SafetyShift {
        SafetyShift(
            id: try row.decode("id"), unit: try SafetyUnit(row: row), code: try row.decode("code"), name: try row.decode("name"),
            leaderID: try row.decode("leader_id"), crewIDs: try row.decode("crew_ids"))
    }

    static func decodeTeam(_ row: PostgresRow) throws -> SafetyTeam {
        SafetyTeam(
            id: try row.decode("id"), unit: try SafetyUnit(row: row), name: try row.decode("name"),
            leaderID: try row.decode("leader_id"), memberIDs: try row.decode("member_ids"))
    }
}
