import Domain
import Foundation

/// A ticket's plan per processing round with its priced lines (`liaison.ticket_plan`, `ticket_plan_item`; TKT-7/8).
public enum TicketPlanRepository {
    public static func find(of ticket: Ticket, round: Int, in tx: Transaction) async throws -> TicketPlan? {
        guard let row = try await tx.query("""
            SELECT round, description, work_time, impact, protection, owner_cooperation, planned_at, planned_by, agreed_by, agreed_at
            FROM liaison.ticket_plan WHERE office_id = \(ticket.officeID) AND ticket_id = \(ticket.id) AND round = \(round)
            """).first
        else { return nil }
        let lines = try await tx.query("""
            SELECT service_item_id, code, name, unit, unit_price, quantity FROM liaison.ticket_plan_item
            WHERE office_id = \(ticket.officeID) AND ticket_id = \(ticket.id) AND round = \(round) ORDER BY line
            """).map { line in
            TicketPlan.Line(
                serviceItemID: try line.decode("service_item_id"), code: try line.decode("code"), name: try line.decode("name"),
                unit: try line.decode("unit"), unitPrice: try line.decode("unit_price"), quantity: try line.decode("quantity"))
        }
        return TicketPlan(
            round: try row.decode("round"), description: try row.decode("description"), workTime: try row.decode("work_time"),
            impact: try row.decode("impact"), protection: try row.decode("protection"), ownerCooperation: try row.decode("owner_cooperation"),
            lines: lines, plannedAt: try row.decode("planned_at"), plannedBy: try row.decode("planned_by"),
            agreedBy: try row.decode("agreed_by"), agreedAt: try row.decode("agreed_at"))
    }

    /// Stores the plan of its round with its lines (numbered from 1) and their amounts.
    public static func insert(_ plan: TicketPlan, of ticket: Ticket, in tx: Transaction) async throws {
        try await tx.execute("""
            INSERT INTO liaison.ticket_plan (office_id, ticket_id, round, description, work_time, impact, protection,
                                             owner_cooperation, total, planned_at, planned_by)
            VALUES (\(ticket.officeID), \(ticket.id), \(plan.round), \(plan.description), \(plan.workTime), \(plan.impact),
                    \(plan.protection), \(plan.ownerCooperation), \(plan.total), \(plan.plannedAt), \(plan.plannedBy))
            """)
        for (offset, line) in plan.lines.enumerated() {
            try await tx.execute("""
                INSERT INTO liaison.ticket_plan_item (office_id, ticket_id, round, line, service_item_id, code, name, unit,
                                                      unit_price, quantity, amount)
                VALUES (\(ticket.officeID), \(ticket.id), \(plan.round), \(offset + 1), \(line.serviceItemID), \(line.code),
                        \(line.name), \(line.unit), \(line.unitPrice), \(line.quantity), \(line.amount))
                """)
        }
    }

    /// Records the owner's agreement to the round's plan.
    public static func agree(of ticket: Ticket, round: Int, by name: String, at now: Date, in tx: Transaction) async throws {
        try await tx.execute("""
            UPDATE liaison.ticket_plan SET agreed_by = \(name), agreed_at = \(now)
            WHERE office_id = \(ticket.officeID) AND ticket_id = \(ticket.id) AND round = \(round)
            """)
    }
}
