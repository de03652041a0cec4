/// Where a ticket stands (TKT-5..13). The only way between states is `TicketLifecycle`.
public enum TicketState: String, Sendable, CaseIterable, Codable {
    case recorded, classified, dispatched, signed
    case onSite = "on_site"
    case planned
    case planAgreed = "plan_agreed"
    case inProgress = "in_progress"
    case completed, accepted
    /// A failed acceptance or return visit sent it back for a second round (TKT-11).
    case rework
    case returnVisited = "return_visited"
    case closed
    /// Handed up: to the supervisor, the managers' meeting or an HQ department (TKT-9, INF-3).
    case escalated
    case cancelled

    /// Nothing happens to a ticket in these states any more.
    public var isTerminal: Bool { self == .closed || self == .cancelled }
}

/// The steps of a ticket's lifecycle, as the API names them.
public enum TicketTransition: String, Sendable, CaseIterable, Codable {
    case classify, dispatch, sign, arrive, plan
    case agreePlan = "agree_plan"
    case startWork = "start_work"
    case escalate, resume, complete, accept, reject
    case returnVisit = "return_visit"
    case returnVisitFailed = "return_visit_failed"
    case close, cancel
}

/// Why a step is refused.
public enum TicketTransitionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The step is not possible from the current state.
    case illegal(transition: TicketTransition, from: TicketState)
    /// Chargeable work cannot start before the owner agreed to the plan and its fee (TKT-8).
    case chargeNotAgreed

    public var description: String {
        switch self {
        case .illegal(let transition, let state): "the ticket is \(state.rawValue); \(transition.rawValue) is not possible"
        case .chargeNotAgreed: "the plan has a charge: the owner must agree to it (agree_plan) before work starts"
        }
    }
}

/// The ticket state machine (TKT-5..13) as one table: for each transition, the states it
/// leaves from and the state it leads to. Nothing else decides which step is legal.
public enum TicketLifecycle {
    /// Work before completion: where a ticket can be escalated or cancelled.
    private static let working: Set<TicketState> = [.signed, .onSite, .planned, .planAgreed, .inProgress]

    public static let table: [TicketTransition: (from: Set<TicketState>, to: TicketState)] = [
        .classify: ([.recorded, .classified], .classified),
        // The front desk may change the assignee until someone signs; rework goes back to dispatch.
        .dispatch: ([.classified, .dispatched, .rework], .dispatched),
        .sign: ([.dispatched], .signed),
        .arrive: ([.signed], .onSite),
        .plan: ([.onSite], .planned),
        .agreePlan: ([.planned], .planAgreed),
        // From `planned` only when the plan has no charge (checked in `next`).
        .startWork: ([.planned, .planAgreed], .inProgress),
        .escalate: (working, .escalated),
        .resume: ([.escalated], .inProgress),
        // Answered without a visit (signed), fixed on the spot (on_site), or solved upstairs (escalated).
        .complete: ([.signed, .onSite, .inProgress, .escalated], .completed),
        .accept: ([.completed], .accepted),
        .reject: ([.completed], .rework),
        .returnVisit: ([.accepted], .returnVisited),
        .returnVisitFailed: ([.accepted], .rework),
        // TKT-13: only after a passed return visit.
        .close: ([.returnVisited], .closed),
        .cancel: (Set<TicketState>([.recorded, .classified, .dispatched, .rework, .escalated]).union(working), .cancelled),
    ]

    /// The state `transition` leads to from `state`, or why it cannot.
    /// `planHasCharge`: whether the ticket's plan shows a fee (TKT-8).
    public static func next(
        _ transition: TicketTransition, from state: TicketState, planHasCharge: Bool = false
    ) throws(TicketTransitionError) -> TicketState {
        guard let rule = table[transition], rule.from.contains(state) else {
            throw .illegal(transition: transition, from: state)
        }
        if transition == .startWork, state == .planned, planHasCharge { throw .chargeNotAgreed }
        return rule.to
    }

    /// The transitions possible from `state`, in declaration order (for clients' next-step buttons).
    public static func allowedTransitions(from state: TicketState) -> [TicketTransition] {
        TicketTransition.allCases.filter { table[$0]?.from.contains(state) == true }
    }
}
