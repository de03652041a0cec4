import Foundation

/// The customer opinion form (顾客意见处理表, CMP-6) of a complaint: exactly the form's fields,
/// read from the ticket and its history.
public struct CustomerOpinionForm: Sendable, Hashable {
    /// A person and when they acted.
    public struct Signature: Sendable, Hashable {
        public let name: String
        public let at: Date

        public init(name: String, at: Date) {
            self.name = name
            self.at = at
        }
    }

    public let number: String
    public let customerName: String
    public let address: String
    public let phone: String
    public let receiver: String
    public let visitTime: Date
    public let place: String
    public let situation: String
    public let wishesAndSuggestions: String?
    public let recorder: Signature
    public let solution: String?
    public let handler: Signature?
    public let resultFollowUp: String?
    public let tracker: Signature?
    public let remarks: String?

    public init(
        number: String, customerName: String, address: String, phone: String, receiver: String, visitTime: Date, place: String,
        situation: String, wishesAndSuggestions: String?, recorder: Signature, solution: String?, handler: Signature?,
        resultFollowUp: String?, tracker: Signature?, remarks: String?
    ) {
        self.number = number
        self.customerName = customerName
        self.address = address
        self.phone = phone
        self.receiver = receiver
        self.visitTime = visitTime
        self.place = place
        self.situation = situation
        self.wishesAndSuggestions = wishesAndSuggestions
        self.recorder = recorder
        self.solution = solution
        self.handler = handler
        self.resultFollowUp = resultFollowUp
        self.tracker = tracker
        self.remarks = remarks
    }

    /// The form of a complaint from its ticket, its history (oldest first) and the names of the staff involved.
    public static func of(_ ticket: Ticket, history: [TicketHistoryEntry], address: String, names: [Int64: String]) -> CustomerOpinionForm {
        func last(_ kinds: Set<String>) -> TicketHistoryEntry? { history.last { kinds.contains($0.kind) } }
        func name(_ id: Int64?) -> String { id.flatMap { names[$0] } ?? "" }
        let plan = last(["plan"]), completion = last(["complete"]), visit = last(["return_visit", "return_visit_failed"])
        let closing = last(["close"])
        let wishes = history.filter { $0.kind == "complaint" || $0.kind == "note" }.compactMap { $0.payload["text"] }
        let solution = [plan?.payload["plan"], last(["resume"])?.payload["answer"]].compactMap { $0 }.joined(separator: "\n")
        let result = visit.map { entry in
            let fixed = entry.payload["fixed"] == "true" ? "已修复" : "未修复"
            return "\(fixed)，满意度 \(entry.payload["satisfaction"] ?? "?")/5" + (entry.kind == "return_visit_failed" ? "，返工" : "")
        }
        let remarks = closing.map { entry in
            [entry.payload["cause_analysis"].map { "原因分析：\($0)" }, entry.payload["preventive_measures"].map { "预防措施：\($0)" }]
                .compactMap { $0 }.joined(separator: "\n")
        }
        return CustomerOpinionForm(
            number: ticket.number, customerName: ticket.contactName, address: address, phone: ticket.contactPhone,
            receiver: name(ticket.receiverID), visitTime: ticket.receivedAt, place: ticket.location.text, situation: ticket.content,
            wishesAndSuggestions: wishes.isEmpty ? nil : wishes.joined(separator: "\n"),
            recorder: Signature(name: name(ticket.receiverID), at: ticket.recordedAt),
            solution: solution.isEmpty ? nil : solution,
            handler: completion.map { Signature(name: name($0.actorID), at: $0.at) },
            resultFollowUp: result,
            tracker: visit.map { Signature(name: name($0.actorID), at: $0.at) },
            remarks: remarks?.isEmpty == false ? remarks : nil)
    }
}
