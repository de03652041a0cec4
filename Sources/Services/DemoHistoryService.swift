import Domain
import Foundation
import Persistence

/// Months of realistic, reproducible ticket history for demos, BI and benchmarks (issue 5,
/// `liaison seed-demo --offices N --months M --tickets-per-office-month K --seed S`).
///
/// Offices H001…, their estates, buildings and 400 units each are made through the same Services
/// as the API (audited). The tickets are simulated by `TicketHistorySimulator` through the real
/// lifecycle and clock rules, and written in bulk (`TicketHistoryRepository`, one transaction per
/// office-month) under the same constraints. The same arguments give the same history.
public struct DemoHistoryService: Sendable {
    public struct Plan: Sendable {
        public var offices: Int
        public var months: Int
        public var ticketsPerOfficeMonth: Int
        public var seed: UInt64

        public init(offices: Int, months: Int, ticketsPerOfficeMonth: Int, seed: UInt64) {
            self.offices = offices
            self.months = months
            self.ticketsPerOfficeMonth = ticketsPerOfficeMonth
            self.seed = seed
        }
    }

    public enum Outcome: Sendable, Equatable {
        case created(offices: Int, tickets: Int)
        /// The first history office exists already: nothing was changed.
        case alreadyPresent
    }

    private let database: Database
    private let hasher: PasswordHasher
    private let now: @Sendable () -> Date

    public init(database: Database, hasher: PasswordHasher, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.hasher = hasher
        self.now = now
    }

    public static func officeCode(_ index: Int) -> String {
        "H" + String(repeating: "0", count: max(0, 3 - String(index).count)) + String(index)
    }

    static let sources: [(String, Int)] = [
        ("owner_call", 600), ("walk_in", 200), ("internal_transfer", 50), ("front_desk_transfer", 50), ("internal_need", 40),
        ("instruction", 20), ("email", 15), ("online_forum", 10), ("opinion_book", 5), ("visit", 10),
    ]
    static let contents: [TicketCategory: [String]] = [
        .engineering: ["厨房水管漏水", "卫生间天花渗水", "电梯异响", "楼道灯不亮", "门禁故障", "外墙裂缝"],
        .help: ["钥匙锁在屋内", "老人需要帮忙搬运", "代收快递"], .inquiry: ["咨询物业费标准", "咨询装修申请流程", "停车位租赁咨询"],
        .complaint: ["投诉夜间施工噪音", "投诉保洁不及时", "投诉维修人员态度"], .cleaning: ["楼道垃圾未清理", "绿化带有杂物"],
        .security: ["陌生人尾随进入", "车辆乱停占用消防通道"], .fire: ["烟感报警", "灭火器过期"],
        .suggestion: ["建议增加儿童游乐设施"], .praise: ["表扬维修师傅认真负责"],
    ]

    /// `progress` is told after each office.
    public func generate(_ plan: Plan, progress: @Sendable (Int, Int) -> Void = { _, _ in }) async throws -> Outcome {
        let firstCode = Self.officeCode(1)
        let exists = try await database.withTransaction { tx in try await StaffUserRepository.officeID(code: firstCode, in: tx) != nil }
        if exists { return .alreadyPresent }
        let accounts = StaffAccountService(database: database, hasher: hasher, now: now)
        var generator = SystemRandomNumberGenerator()
        let staff = try await accounts.createFromCommandLine(.init(
            username: "demo-history-\(UInt32.random(in: 0...UInt32.max, using: &generator))", displayName: "演示 历史数据",
            password: UUID().uuidString, roles: [.adminStaff], departmentCode: "ADMIN"))
        let caller = Caller(actor: staff.actor, requestID: "seed-demo-history")
        let organization = OrganizationService(database: database, now: now)
        let estates = EstateService(database: database, now: now)

        let end = now()
        let zone = try await database.withTransaction { tx in
            TimeZone(identifier: try await CompanyRepository.company(in: tx).timeZone) ?? TimeZone(identifier: "Asia/Shanghai")!
        }
        let simulator = TicketHistorySimulator(rules: TicketClockRules(policy: .seedDefaults, calendar: WorkingCalendar(exceptions: []), timeZone: zone), now: end)
        let thisMonth = KPIPeriod(.month, containing: LocalDate(end, in: zone))
        let months = (0..<plan.months).map { back in
            KPIPeriod(.month, containing: thisMonth.start.addingMonths(back - plan.months + 1))
        }
        var total = 0
        for index in 1...plan.offices {
            let code = Self.officeCode(index)
            let office = try await organization.create(.office, .init(code: code, name: "演示\(code)管理处", nameEn: "Demo office \(code)"), caller)
            let estate = try await estates.createEstate(
                officeID: office.id, .init(code: "\(code)E", name: "\(code)花园", kind: .residential, address: "演示路 \(index) 号", developerID: nil),
                caller)
            for building in 1...4 {
                let created = try await estates.createBuilding(estateID: estate.id, name: "\(building)栋", caller)
                _ = try await estates.createUnits(
                    buildingID: created.id,
                    (1...20).flatMap { floor in (1...5).map { door in EstateService.UnitDraft(number: "\(floor)0\(door)", floor: floor, areaSqm: 95) } },
                    caller)
            }
            var officeRandom = SeededGenerator(seed: plan.seed &* 0x100_0000_01B3 &+ UInt64(index))
            let quality = Double.random(in: 0.85...0.99, using: &officeRandom)
            for (monthIndex, month) in months.enumerated() {
                var random = SeededGenerator(seed: plan.seed &* 0x9E37_79B9 &+ UInt64(index * 1000 + monthIndex))
                let start = month.start.start(in: zone), stop = month.end.start(in: zone)
                let receipts = (0..<plan.ticketsPerOfficeMonth)
                    .map { _ in start.addingTimeInterval(Double.random(in: 0..<stop.timeIntervalSince(start), using: &random)) }
                    .filter { $0 < end }.sorted()
                var perDay: [LocalDate: Int] = [:]
                let tickets = receipts.map { received -> TicketHistoryRepository.Ticket in
                    let simulated = simulator.simulate(receivedAt: received, quality: quality, using: &random)
                    let day = LocalDate(received, in: zone)
                    perDay[day, default: 0] += 1
                    let number = "\(code)-\(day.description.replacingOccurrences(of: "-", with: ""))-\(String(format: "%04d", perDay[day]!))"
                    return TicketHistoryRepository.Ticket(
                        number: number, state: simulated.state, source: TicketHistorySimulator.pick(Self.sources, using: &random),
                        category: simulated.category, urgency: simulated.urgency, serviceMode: simulated.serviceMode,
                        appointmentAt: simulated.appointmentAt, content: Self.contents[simulated.category]?.randomElement(using: &random) ?? "业主来电",
                        receivedAt: simulated.receivedAt, recordedAt: simulated.recordedAt, reworkCount: simulated.reworkCount,
                        chaseCount: simulated.chaseCount, closedAt: simulated.closedAt,
                        events: simulated.events,
                        clocks: simulated.clocks)
                }
                try await database.withTransaction(TransactionOptions(settings: ServiceRunner.rowSecuritySettings(for: staff.actor, scope: .allOffices))) { tx in
                    try await TicketHistoryRepository.insert(tickets, officeID: office.id, staffID: staff.id, in: tx)
                }
                total += tickets.count
            }
            progress(index, total)
        }
        return .created(offices: plan.offices, tickets: total)
    }
}
