import APIContract
import Domain
import Foundation
import Services

// The sales office's payment tracking (SAL-1): buyers, sales and their stages, the ledger, receivables.
extension APIHandler {
    func listSalesBuyers(_ input: Operations.ListSalesBuyers.Input) async throws -> Operations.ListSalesBuyers.Output {
        let query = input.query
        let page = try await services.salesBuyers.list(
            officeID: query.officeId, search: query.q, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(items: page.items.map { Self.schema($0, balance: nil, sales: nil) }, nextCursor: page.nextCursor))))
    }

    func createSalesBuyer(_ input: Operations.CreateSalesBuyer.Input) async throws -> Operations.CreateSalesBuyer.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.salesBuyers.create(
            officeID: body.officeId, .init(name: body.name, phone: body.phone, note: body.note), try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.buyer.version)), body: .json(Self.schema(view))))
    }

    func getSalesBuyer(_ input: Operations.GetSalesBuyer.Input) async throws -> Operations.GetSalesBuyer.Output {
        let view = try await services.salesBuyers.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.buyer.version)), body: .json(Self.schema(view))))
    }

    func updateSalesBuyer(_ input: Operations.UpdateSalesBuyer.Input) async throws -> Operations.UpdateSalesBuyer.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.salesBuyers.update(
            id: input.path.id, .init(name: body.name, phone: body.phone, note: body.note), expectedVersion: try Self.version(input.headers.ifMatch),
            try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.buyer.version)), body: .json(Self.schema(view))))
    }

    func listSales(_ input: Operations.ListSales.Input) async throws -> Operations.ListSales.Output {
        let query = input.query
        let page = try await services.sales.list(
            officeID: query.officeId, buyerID: query.buyerId, status: try query.status.map { try Self.wire($0) }, try await caller(),
            page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(
            items: try page.items.map { try Self.schema($0.sale, unitLabel: $0.unitLabel, balance: $0.balance, stages: nil, payments: nil) },
            nextCursor: page.nextCursor))))
    }

    func reserveSale(_ input: Operations.ReserveSale.Input) async throws -> Operations.ReserveSale.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.sales.reserve(
            buyerID: body.buyerId, unitID: body.unitId, smallDeposit: try Self.stage(.smallDeposit, body.smallDeposit, field: "smallDeposit"),
            try await caller())
        return .created(.init(headers: .init(eTag: Self.eTag(view.sale.version)), body: .json(try Self.schema(view))))
    }

    func getSale(_ input: Operations.GetSale.Input) async throws -> Operations.GetSale.Output {
        let view = try await services.sales.get(id: input.path.id, try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.sale.version)), body: .json(try Self.schema(view))))
    }

    func requestSaleFullDeposit(_ input: Operations.RequestSaleFullDeposit.Input) async throws -> Operations.RequestSaleFullDeposit.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.sales.requestFullDeposit(
            saleID: input.path.id, try Self.stage(.fullDeposit, body, field: nil), expectedVersion: try Self.version(input.headers.ifMatch),
            try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.sale.version)), body: .json(try Self.schema(view))))
    }

    func signSaleContract(_ input: Operations.SignSaleContract.Input) async throws -> Operations.SignSaleContract.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let schedule = try body.schedule.enumerated().map { index, stage in
            SaleService.StageDraft(
                kind: try Self.wire(stage.kind), amount: try Self.amount(stage.amount, field: "schedule[\(index)].amount"),
                dueOn: try Self.day(stage.dueOn, field: "schedule[\(index)].dueOn"))
        }
        let view = try await services.sales.sign(
            saleID: input.path.id,
            .init(
                number: body.contractNumber, signedOn: try Self.day(body.signedOn, field: "signedOn"),
                totalPrice: try Self.amount(body.totalPrice, field: "totalPrice"), paymentMethod: try Self.wire(body.paymentMethod),
                schedule: schedule),
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.sale.version)), body: .json(try Self.schema(view))))
    }

    func cancelSale(_ input: Operations.CancelSale.Input) async throws -> Operations.CancelSale.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.sales.cancel(
            saleID: input.path.id, reason: body.reason, expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.sale.version)), body: .json(try Self.schema(view))))
    }

    func recordSalePayment(_ input: Operations.RecordSalePayment.Input) async throws -> Operations.RecordSalePayment.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.sales.recordPayment(
            saleID: input.path.id,
            .init(
                stageID: body.stageId, amount: try Self.amount(body.amount, field: "amount"), bookedOn: try Self.day(body.bookedOn, field: "bookedOn"),
                reference: body.reference),
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.sale.version)), body: .json(try Self.schema(view))))
    }

    func refundSalePayment(_ input: Operations.RefundSalePayment.Input) async throws -> Operations.RefundSalePayment.Output {
        guard case .json(let body) = input.body else { throw Self.notJSON }
        let view = try await services.sales.refund(
            saleID: input.path.id,
            .init(
                stageID: body.stageId, amount: try Self.amount(body.amount, field: "amount"), bookedOn: try Self.day(body.bookedOn, field: "bookedOn"),
                reference: body.reference, reason: body.reason),
            expectedVersion: try Self.version(input.headers.ifMatch), try await caller())
        return .ok(.init(headers: .init(eTag: Self.eTag(view.sale.version)), body: .json(try Self.schema(view))))
    }

    func listSalesReceivables(_ input: Operations.ListSalesReceivables.Input) async throws -> Operations.ListSalesReceivables.Output {
        let query = input.query
        let result = try await services.sales.receivables(
            officeID: query.officeId, method: try query.paymentMethod.map { try Self.wire($0) }, overdueOnly: query.overdue ?? false,
            dueBy: try query.dueBy.map { try Self.day($0, field: "dueBy") }, try await caller(), page: try Self.pageRequest(query.limit, query.after))
        return .ok(.init(body: .json(.init(
            asOf: result.asOf.description,
            totals: try result.totals.map {
                .init(
                    paymentMethod: try Self.wire($0.method), stages: $0.stages, buyers: $0.buyers, outstanding: $0.outstanding.yuanText,
                    overdue: $0.overdue.yuanText)
            },
            items: try result.page.items.map { receivable in
                let stage = receivable.stage
                return .init(
                    saleId: stage.saleID, stageId: stage.id, officeId: stage.officeID, buyerId: receivable.buyerID, buyerName: receivable.buyerName,
                    buyerPhone: receivable.buyerPhone, unitId: receivable.unitID, unitLabel: receivable.unitLabel,
                    paymentMethod: try Self.wire(receivable.method), contractNumber: receivable.contractNumber, stage: try Self.wire(stage.kind),
                    sequence: stage.sequence, amountDue: stage.amountDue.yuanText, paid: stage.paid.yuanText, outstanding: stage.unpaid.yuanText,
                    dueOn: stage.dueOn.description, daysOverdue: receivable.daysOverdue(on: result.asOf))
            },
            nextCursor: result.page.nextCursor))))
    }

    // MARK: Mapping

    /// An amount in yuan the contract's `Yuan` pattern allows (at most 8 digits and 2 decimals).
    static func amount(_ text: String, field: String) throws -> Decimal {
        guard let amount = try decimal(text, field: field) else { throw ServiceError.validation([FieldIssue(field, "is required")]) }
        return amount
    }

    static func stage(_ kind: SalePaymentStage.Kind, _ input: Components.Schemas.SaleStageInput, field: String?) throws -> SaleService.StageDraft {
        let prefix = field.map { $0 + "." } ?? ""
        return SaleService.StageDraft(
            kind: kind, amount: try amount(input.amount, field: prefix + "amount"), dueOn: try day(input.dueOn, field: prefix + "dueOn"))
    }

    static func schema(_ view: SalesBuyerService.View) -> Components.Schemas.SalesBuyer {
        schema(view.buyer, balance: view.balance, sales: view.sales)
    }

    static func schema(_ buyer: SalesBuyer, balance: SaleBalance?, sales: Int?) -> Components.Schemas.SalesBuyer {
        .init(
            id: buyer.id, officeId: buyer.officeID, name: buyer.name, phone: buyer.phone, note: buyer.note, createdBy: buyer.createdBy,
            createdAt: buyer.createdAt, version: buyer.version, sales: sales, balance: balance.map(schema))
    }

    static func schema(_ balance: SaleBalance) -> Components.Schemas.SaleBalance {
        .init(
            due: balance.due.yuanText, paid: balance.paid.yuanText, outstanding: balance.outstanding.yuanText, overdue: balance.overdue.yuanText,
            retained: balance.retained.yuanText)
    }

    static func schema(_ view: SaleService.View) throws -> Components.Schemas.Sale {
        try schema(view.sale, unitLabel: view.unitLabel, balance: view.balance, stages: view.stages, payments: view.payments)
    }

    static func schema(
        _ sale: Sale, unitLabel: String, balance: SaleBalance, stages: [SalePaymentStage]?, payments: [SalePayment]?
    ) throws -> Components.Schemas.Sale {
        .init(
            id: sale.id, officeId: sale.officeID, buyerId: sale.buyerID, unitId: sale.unitID, unitLabel: unitLabel, status: try wire(sale.status),
            reservedOn: sale.reservedOn.description, contractNumber: sale.contract?.number, signedOn: sale.contract?.signedOn.description,
            totalPrice: sale.contract?.totalPrice.yuanText, paymentMethod: try sale.contract.map { try wire($0.paymentMethod) },
            cancelledAt: sale.cancellation?.at, cancelledBy: sale.cancellation?.by, cancelReason: sale.cancellation?.reason,
            createdBy: sale.createdBy, createdAt: sale.createdAt, version: sale.version, balance: schema(balance),
            stages: try stages?.map { stage in
                .init(
                    id: stage.id, kind: try wire(stage.kind), sequence: stage.sequence, amountDue: stage.amountDue.yuanText, dueOn: stage.dueOn.description,
                    paid: stage.paid.yuanText, outstanding: sale.status == .cancelled ? "0.00" : stage.unpaid.yuanText)
            },
            ledger: try payments?.map { entry in
                .init(
                    id: entry.id, stageId: entry.stageID, kind: try wire(entry.kind), amount: entry.amount.yuanText, bookedOn: entry.bookedOn.description,
                    reference: entry.reference, reason: entry.reason, recordedBy: entry.recordedBy, recordedAt: entry.recordedAt)
            })
    }
}
