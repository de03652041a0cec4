import Domain
import Foundation
import Persistence

/// A buyer's purchase of a unit and its money (SAL-1, seed 004 售房部与财务): the sales staff reserve
/// the unit against a small deposit 小定, ask for the full deposit 大定 and sign the contract 签约,
/// whose payment method schedules the down payment 首期 and the rest; finance marks payments
/// received and books refunds; a cancellation keeps every stage and ledger row.
public struct SaleService: Sendable {
    private let runner: ServiceRunner
    private let policy: SalesPolicy

    public init(database: Database, policy: SalesPolicy = .defaults, now: @escaping @Sendable () -> Date = { Date() }) {
        self.runner = ServiceRunner(database: database, now: now)
        self.policy = policy
    }

    /// A sale with its unit, schedule, ledger and balance today.
    public struct View: Sendable {
        public let sale: Sale
        public let unitLabel: String
        public let stages: [SalePaymentStage]
        public let payments: [SalePayment]
        public let balance: SaleBalance
    }

    /// A sale in a list: without its ledger.
    public struct Summary: Sendable {
        public let sale: Sale
        public let unitLabel: String
        public let balance: SaleBalance
    }

    /// An amount asked for by a day.
    public struct StageDraft: Sendable {
        public var kind: SalePaymentStage.Kind
        public var amount: Decimal
        public var dueOn: LocalDate

        public init(kind: SalePaymentStage.Kind, amount: Decimal, dueOn: LocalDate) {
            self.kind = kind
            self.amount = amount
            self.dueOn = dueOn
        }
    }

    public struct ContractDraft: Sendable {
        public var number: String
        public var signedOn: LocalDate
        public var totalPrice: Decimal
        public var paymentMethod: Sale.PaymentMethod
        /// The stages after the deposits: per the payment method.
        public var schedule: [StageDraft]

        public init(number: String, signedOn: LocalDate, totalPrice: Decimal, paymentMethod: Sale.PaymentMethod, schedule: [StageDraft]) {
            self.number = number
            self.signedOn = signedOn
            self.totalPrice = totalPrice
            self.paymentMethod = paymentMethod
            self.schedule = schedule
        }
    }

    /// Money received for a stage (a payment) or returned from it (a refund, with its reason).
    public struct LedgerDraft: Sendable {
        public var stageID: Int64
        public var amount: Decimal
        public var bookedOn: LocalDate
        public var reference: String?
        public var reason: String?

        public init(stageID: Int64, amount: Decimal, bookedOn: LocalDate, reference: String?, reason: String? = nil) {
            self.stageID = stageID
            self.amount = amount
            self.bookedOn = bookedOn
            self.reference = reference
            self.reason = reason
        }
    }

    private static let fields = ["sale_live_unit_key": "unitId", "sale_contract_number_key": "contractNumber"]

    // MARK: Sales staff

    /// 小定: reserves the unit for the buyer today against a small deposit due by its day.
    public func reserve(buyerID: Int64, unitID: Int64, smallDeposit: StageDraft, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .writeSales, fields: Self.fields) { work in
            guard let buyer = try await SalesBuyerRepository.find(id: buyerID, in: work.tx), work.covers(office: buyer.officeID) else {
                throw ServiceError.validation([FieldIssue("buyerId", "no buyer with this id")])
            }
            let today = try await Self.today(work)
            guard let unitLabel = try await SaleRepository.unitLabel(officeID: buyer.officeID, unitID: unitID, in: work.tx) else {
                throw ServiceError.validation([FieldIssue("unitId", "no active unit with this id in the buyer's office")])
            }
            var issues: [FieldIssue] = []
            Self.check(smallDeposit, field: "smallDeposit", from: today, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let sale = try await SaleRepository.insert(
                Sale(
                    id: 0, officeID: buyer.officeID, buyerID: buyer.id, unitID: unitID, status: .reserved, reservedOn: today, contract: nil,
                    cancellation: nil, createdBy: caller.actor.userID, createdAt: work.now, version: 1),
                in: work.tx)
            let stages = try await Self.addStages(
                [StageDraft(kind: .smallDeposit, amount: smallDeposit.amount, dueOn: smallDeposit.dueOn)], to: sale, work: work)
            try await work.audit(.created(ScheduledSale(sale, stages: stages)))
            return try await Self.view(sale, unitLabel: unitLabel, work: work)
        }
    }

    /// 大定: asks a reserved sale's buyer for the full deposit by its day.
    public func requestFullDeposit(saleID: Int64, _ deposit: StageDraft, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .writeSales) { work in
            let before = try await Self.sale(saleID, forUpdate: true, work: work)
            try work.check(version: before.version, expected: expectedVersion)
            try Self.checkLive(before)
            guard before.status == .reserved else { throw ServiceError.invalidState("the full deposit is already asked for") }
            var issues: [FieldIssue] = []
            Self.check(deposit, field: "", from: before.reservedOn, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let stages = try await Self.stages(of: before, work: work)
            var sale = before
            sale.status = .deposited
            sale = try await SaleRepository.update(sale, in: work.tx)
            let added = try await Self.addStages([StageDraft(kind: .fullDeposit, amount: deposit.amount, dueOn: deposit.dueOn)], to: sale, work: work)
            try await work.audit(.changed("full_deposit", from: ScheduledSale(before, stages: stages), to: ScheduledSale(sale, stages: stages + added)))
            return try await Self.view(sale, work: work)
        }
    }

    /// 签约: the contract fixes the price and the payment method, whose schedule (down payment and the
    /// rest) with the deposits adds up to the price exactly.
    public func sign(saleID: Int64, _ contract: ContractDraft, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .writeSales, fields: Self.fields) { work in
            let before = try await Self.sale(saleID, forUpdate: true, work: work)
            try work.check(version: before.version, expected: expectedVersion)
            try Self.checkLive(before)
            switch before.status {
            case .reserved: throw ServiceError.invalidState("the full deposit 大定 comes before the contract (SAL-1)")
            case .signed: throw ServiceError.invalidState("the contract is already signed")
            case .deposited, .cancelled: break
            }
            let today = try await Self.today(work)
            let deposits = try await Self.stages(of: before, work: work)
            let contract = try validated(contract, deposits: deposits, reservedOn: before.reservedOn, today: today)
            var sale = before
            sale.status = .signed
            sale.contract = Sale.Contract(
                number: contract.number, signedOn: contract.signedOn, totalPrice: contract.totalPrice, paymentMethod: contract.paymentMethod)
            sale = try await SaleRepository.update(sale, in: work.tx)
            let added = try await Self.addStages(contract.schedule, to: sale, work: work)
            try await work.audit(.changed("sign", from: ScheduledSale(before, stages: deposits), to: ScheduledSale(sale, stages: deposits + added)))
            return try await Self.view(sale, work: work)
        }
    }

    /// Cancels a sale: it asks for nothing more; its stages and ledger stay, and money still held is
    /// refunded (or kept) through the ledger.
    public func cancel(saleID: Int64, reason: String, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .writeSales) { work in
            let before = try await Self.sale(saleID, forUpdate: true, work: work)
            try work.check(version: before.version, expected: expectedVersion)
            try Self.checkLive(before)
            var issues: [FieldIssue] = []
            let reason = InputRules.required(reason, field: "reason", limit: 2000, issues: &issues)
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            var sale = before
            sale.status = .cancelled
            sale.cancellation = Sale.Cancellation(at: work.now, by: caller.actor.userID, reason: reason)
            sale = try await SaleRepository.update(sale, in: work.tx)
            let stages = try await Self.stages(of: before, work: work)
            try await work.audit(.changed("cancel", from: ScheduledSale(before, stages: stages), to: ScheduledSale(sale, stages: stages)))
            return try await Self.view(sale, work: work)
        }
    }

    // MARK: Finance

    /// Marks money received for a stage of a live sale, at most what the stage still asks for.
    public func recordPayment(saleID: Int64, _ entry: LedgerDraft, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await book(.payment, saleID: saleID, entry, expectedVersion: expectedVersion, caller)
    }

    /// Books money returned from a stage, at most what it holds, with the reason; cancelled sales too.
    public func refund(saleID: Int64, _ entry: LedgerDraft, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await book(.refund, saleID: saleID, entry, expectedVersion: expectedVersion, caller)
    }

    private func book(_ kind: SalePayment.Kind, saleID: Int64, _ entry: LedgerDraft, expectedVersion: Int?, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .recordSalePayments) { work in
            let before = try await Self.sale(saleID, forUpdate: true, work: work)
            try work.check(version: before.version, expected: expectedVersion)
            if kind == .payment, before.status == .cancelled {
                throw ServiceError.invalidState("the sale is cancelled: it takes no more payments, only refunds")
            }
            let today = try await Self.today(work)
            var issues: [FieldIssue] = []
            let reference = InputRules.optional(entry.reference, field: "reference", limit: 100, issues: &issues)
            let reason = kind == .refund ? InputRules.required(entry.reason ?? "", field: "reason", limit: 2000, issues: &issues) : nil
            guard let stage = try await Self.stages(of: before, work: work).first(where: { $0.id == entry.stageID })
            else { throw ServiceError.validation([FieldIssue("stageId", "no payment stage with this id in the sale")]) }
            if entry.amount <= 0 {
                issues.append(FieldIssue("amount", "must be more than 0"))
            } else if kind == .payment, entry.amount > stage.unpaid {
                issues.append(FieldIssue("amount", "is more than the \(stage.unpaid.yuanText) still owed on the stage"))
            } else if kind == .refund, entry.amount > stage.paid {
                issues.append(FieldIssue("amount", "is more than the \(stage.paid.yuanText) paid on the stage"))
            }
            if entry.bookedOn > today { issues.append(FieldIssue("bookedOn", "is in the future")) }
            if entry.bookedOn < before.reservedOn { issues.append(FieldIssue("bookedOn", "is before the unit was reserved")) }
            guard issues.isEmpty else { throw ServiceError.validation(issues) }
            let payment = try await SaleRepository.book(
                SalePayment(
                    id: 0, officeID: before.officeID, saleID: before.id, stageID: stage.id, kind: kind, amount: entry.amount, bookedOn: entry.bookedOn,
                    reference: reference, reason: reason, recordedBy: caller.actor.userID, recordedAt: work.now),
                in: work.tx)
            try await work.audit(.created(payment))
            return try await Self.view(try await SaleRepository.touch(before, in: work.tx), work: work)
        }
    }

    // MARK: Reading

    public func get(id: Int64, _ caller: Caller) async throws -> View {
        try await runner.perform(caller, .readSales, readOnly: true) { work in
            try await Self.view(try await Self.sale(id, work: work), work: work)
        }
    }

    public func list(officeID: Int64?, buyerID: Int64?, status: Sale.Status?, _ caller: Caller, page: PageRequest) async throws -> Page<Summary> {
        try await runner.perform(caller, .readSales, readOnly: true) { work in
            let rows = try await SaleRepository.list(
                officeID: officeID, buyerID: buyerID, status: status, afterID: page.afterID, limit: page.limit, in: work.tx)
            let sales = page.page(from: rows, id: \.id)
            let stages = try await SaleRepository.stages(ofSales: sales.items.map(\.id), in: work.tx)
            let labels = try await SaleRepository.unitLabels(sales.items.map(\.unitID), in: work.tx)
            let today = try await Self.today(work)
            return Page(
                items: sales.items.map { sale in
                    Summary(
                        sale: sale, unitLabel: labels[sale.unitID] ?? "",
                        balance: SaleBalance(status: sale.status, stages: stages[sale.id] ?? [], today: today))
                },
                nextCursor: sales.nextCursor)
        }
    }

    /// The receivables list with its totals per payment method (of the whole filter, not only the page).
    public struct Receivables: Sendable {
        public let asOf: LocalDate
        public let totals: [SalesReceivable.Total]
        public let page: Page<SalesReceivable>
    }

    public func receivables(
        officeID: Int64?, method: SalesReceivable.Method?, overdueOnly: Bool, dueBy: LocalDate?, _ caller: Caller, page: PageRequest
    ) async throws -> Receivables {
        try await runner.perform(caller, .readSales, readOnly: true) { work in
            let filter = SalesReceivableRepository.Filter(
                officeID: officeID, method: method, overdueOnly: overdueOnly, dueBy: dueBy, today: try await Self.today(work))
            let rows = try await SalesReceivableRepository.list(filter, afterID: page.afterID, limit: page.limit, in: work.tx)
            return Receivables(
                asOf: filter.today, totals: try await SalesReceivableRepository.totals(filter, in: work.tx),
                page: page.page(from: rows, id: \.stage.id))
        }
    }

    // MARK: Rules

    /// SAL-1 "依据合同的不同付款方式": full payment is one stage for the rest of the price; instalments a
    /// down payment and 1-`maximumInstalments` instalments on or after it; a mortgage a down payment and
    /// the loan. Every stage is due on or after the signing, and the deposits with the schedule make
    /// the price to the cent.
    func validated(_ contract: ContractDraft, deposits: [SalePaymentStage], reservedOn: LocalDate, today: LocalDate) throws -> ContractDraft {
        var issues: [FieldIssue] = []
        let number = InputRules.required(contract.number, field: "contractNumber", limit: 60, issues: &issues)
        if contract.signedOn > today { issues.append(FieldIssue("signedOn", "is in the future")) }
        if contract.signedOn < reservedOn { issues.append(FieldIssue("signedOn", "is before the unit was reserved")) }
        if contract.totalPrice <= 0 { issues.append(FieldIssue("totalPrice", "must be more than 0")) }
        let kinds = contract.schedule.map(\.kind)
        let count = { (kind: SalePaymentStage.Kind) in kinds.filter { $0 == kind }.count }
        switch contract.paymentMethod {
        case .fullPayment:
            if kinds != [.fullPayment] { issues.append(FieldIssue("schedule", "a full_payment contract has one full_payment stage")) }
        case .instalments:
            if count(.downPayment) != 1 || !(1...policy.maximumInstalments).contains(count(.instalment)) || kinds.count != 1 + count(.instalment) {
                issues.append(FieldIssue(
                    "schedule", "an instalments contract has one down_payment and 1-\(policy.maximumInstalments) instalment stages"))
            }
        case .mortgage:
            if count(.downPayment) != 1 || count(.mortgageLoan) != 1 || kinds.count != 2 {
                issues.append(FieldIssue("schedule", "a mortgage contract has one down_payment and one mortgage_loan stage"))
            }
        }
        for (index, stage) in contract.schedule.enumerated() {
            Self.check(stage, field: "schedule[\(index)].", from: contract.signedOn, issues: &issues)
        }
        if let down = contract.schedule.first(where: { $0.kind == .downPayment }),
           contract.schedule.contains(where: { $0.kind != .downPayment && $0.dueOn < down.dueOn }) {
            issues.append(FieldIssue("schedule", "no stage is due before the down payment"))
        }
        let deposited = deposits.reduce(Decimal(0)) { $0 + $1.amountDue }
        let scheduled = contract.schedule.reduce(Decimal(0)) { $0 + $1.amount }
        if issues.isEmpty, deposited + scheduled != contract.totalPrice {
            issues.append(FieldIssue(
                "totalPrice",
                "the deposits (\(deposited.yuanText)) and the schedule (\(scheduled.yuanText)) come to \((deposited + scheduled).yuanText), not \(contract.totalPrice.yuanText)"))
        }
        guard issues.isEmpty else { throw ServiceError.validation(issues) }
        var draft = contract
        draft.number = number
        return draft
    }

    /// A stage asks for more than nothing, due on or after `first` and within 30 years of it (a mortgage's term).
    static func check(_ stage: StageDraft, field prefix: String, from first: LocalDate, issues: inout [FieldIssue]) {
        let prefix = prefix.isEmpty || prefix.hasSuffix(".") ? prefix : prefix + "."
        if stage.amount <= 0 { issues.append(FieldIssue(prefix + "amount", "must be more than 0")) }
        if stage.dueOn < first { issues.append(FieldIssue(prefix + "dueOn", "is before \(first)")) }
        if stage.dueOn > first.shifted(by: 366 * 30) { issues.append(FieldIssue(prefix + "dueOn", "is more than 30 years after \(first)")) }
    }

    // MARK: Helpers

    static func today(_ work: ServiceWork) async throws -> LocalDate {
        LocalDate(work.now, in: try await work.companyTimeZone())
    }

    /// The sale, if the caller's offices include its office (RLS agrees).
    static func sale(_ id: Int64, forUpdate: Bool = false, work: ServiceWork) async throws -> Sale {
        guard let sale = try await SaleRepository.find(id: id, forUpdate: forUpdate, in: work.tx), work.covers(office: sale.officeID)
        else { throw ServiceError.notFound("no sale with id \(id)") }
        return sale
    }

    static func checkLive(_ sale: Sale) throws {
        if sale.status == .cancelled { throw ServiceError.invalidState("the sale is cancelled") }
    }

    /// The sale's stages in schedule order.
    static func stages(of sale: Sale, work: ServiceWork) async throws -> [SalePaymentStage] {
        try await SaleRepository.stages(ofSales: [sale.id], in: work.tx)[sale.id] ?? []
    }

    /// Adds stages in the order given, instalments last and numbered by due day; the added stages.
    static func addStages(_ drafts: [StageDraft], to sale: Sale, work: ServiceWork) async throws -> [SalePaymentStage] {
        var instalments = 0
        let ordered = drafts.filter { $0.kind != .instalment } + drafts.filter { $0.kind == .instalment }.sorted { $0.dueOn < $1.dueOn }
        let stages = ordered.map { draft in
            if draft.kind == .instalment { instalments += 1 }
            return SalePaymentStage(
                id: 0, officeID: sale.officeID, saleID: sale.id, kind: draft.kind, sequence: draft.kind == .instalment ? instalments : 1,
                amountDue: draft.amount, dueOn: draft.dueOn, paid: 0)
        }
        return try await SaleRepository.insertStages(stages, in: work.tx)
    }

    static func view(_ sale: Sale, unitLabel: String? = nil, work: ServiceWork) async throws -> View {
        let stages = try await stages(of: sale, work: work)
        let label = if let unitLabel { unitLabel } else { try await SaleRepository.unitLabels([sale.unitID], in: work.tx)[sale.unitID] ?? "" }
        return View(
            sale: sale, unitLabel: label, stages: stages, payments: try await SaleRepository.payments(ofSale: sale.id, in: work.tx),
            balance: SaleBalance(status: sale.status, stages: stages, today: try await today(work)))
    }}
