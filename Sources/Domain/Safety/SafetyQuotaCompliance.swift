/// SAF-4 quotas (seed 5.4.1) met or not, day by day: each of the unit's managers 管理人员及大班 one
/// observation a working day, each shift leader one in each shift, the rest of each shift at least
/// one together. Only planned cards count (random ones never change a statistic, SAF-1); a card
/// counts for everyone who took part in it: its observer and its team's members.
public struct SafetyQuotaCompliance: Sendable, Hashable {
    public enum Obligation: Sendable, Hashable {
        case manager(userID: Int64)
        case shiftLeader(shift: String, userID: Int64)
        /// The shift's crew together, the leader aside.
        case shiftCrew(shift: String)

        public var userID: Int64? {
            switch self {
            case .manager(let id), .shiftLeader(_, let id): id
            case .shiftCrew: nil
            }
        }

        public var shift: String? {
            switch self {
            case .manager: nil
            case .shiftLeader(let shift, _), .shiftCrew(let shift): shift
            }
        }
    }

    /// One obligation on one working day.
    public struct Row: Sendable, Hashable {
        public let day: LocalDate
        public let obligation: Obligation
        public let required: Int
        public let done: Int

        public var met: Bool { done >= required }
    }

    /// A planned card as the quotas see it: its day (company time zone), its shift, who took part.
    public struct Participation: Sendable, Hashable {
        public let day: LocalDate
        public let shift: String?
        public let people: Set<Int64>

        public init(day: LocalDate, shift: String?, people: Set<Int64>) {
            self.day = day
            self.shift = shift
            self.people = people
        }
    }

    /// Day by day, managers (by id) first, then each shift (by code): its leader, then its crew.
    public let rows: [Row]

    /// `workingDays`: the days quotas apply (holidays excluded, make-up workdays included).
    public init(workingDays: [LocalDate], managers: [Int64], shifts: [SafetyShift], cards: [Participation], policy: SafetyPolicy) {
        let byDay = Dictionary(grouping: cards, by: \.day)
        var rows: [Row] = []
        for day in workingDays.sorted() {
            let cards = byDay[day] ?? []
            for manager in Set(managers).sorted() {
                rows.append(Row(
                    day: day, obligation: .manager(userID: manager), required: policy.managerCardsPerDay,
                    done: cards.filter { $0.people.contains(manager) }.count))
            }
            for shift in shifts.sorted(by: { $0.code < $1.code }) {
                let ofShift = cards.filter { $0.shift == shift.code }
                rows.append(Row(
                    day: day, obligation: .shiftLeader(shift: shift.code, userID: shift.leaderID), required: policy.shiftLeaderCardsPerShift,
                    done: ofShift.filter { $0.people.contains(shift.leaderID) }.count))
                let crew = Set(shift.crewIDs).subtracting([shift.leaderID])
                if !crew.isEmpty {
                    rows.append(Row(
                        day: day, obligation: .shiftCrew(shift: shift.code), required: policy.shiftCrewCardsPerShift,
                        done: ofShift.filter { !$0.people.isDisjoint(with: crew) }.count))
                }
            }
        }
        self.rows = rows
    }

    /// Obligations met out of those due, per person (managers and shift leaders; a person may be both).
    public var people: [(userID: Int64, due: Int, met: Int)] {
        var tally: [Int64: (due: Int, met: Int)] = [:]
        for row in rows {
            guard let user = row.obligation.userID else { continue }
            tally[user, default: (0, 0)].due += 1
            if row.met { tally[user, default: (0, 0)].met += 1 }
        }
        return tally.keys.sorted().map { (userID: $0, due: tally[$0]!.due, met: tally[$0]!.met) }
    }
}
