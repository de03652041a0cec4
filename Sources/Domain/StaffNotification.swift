import Foundation

/// A message to someone who must act (issue 4 item 10): a ticket's clock is about to be due
/// (warning, TKT-15) or has passed its due time, a complaint needs leadership (CMP-2), or a
/// record with a due day (a developer matter, EXT-2) was not answered in time.
public struct StaffNotification: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case clockWarning = "clock_warning"
        case clockBreached = "clock_breached"
        /// A complaint for company leadership (CMP-2).
        case leadershipComplaint = "leadership_complaint"
        /// A fault escalation form arrived at one's HQ department (INF-3).
        case escalationReceived = "escalation_received"
        /// The HQ department answered the office's form (INF-3).
        case escalationAnswered = "escalation_answered"
        /// A developer question or letter passed its due day unanswered (EXT-2).
        case answerOverdue = "answer_overdue"
        /// A meeting's minutes were not sent to the attendees by their due day (MTG-2): to the organizer.
        case minutesOverdue = "minutes_overdue"
        /// A meeting resolution is open past its due day (MTG-2): to the person responsible.
        case resolutionOverdue = "resolution_overdue"
        /// A quarterly report was not submitted to QUALITY by its working day (EXT-6): to the office managers.
        case submissionOverdue = "submission_overdue"
        /// A report or briefing was not published by its day (EXT-6): to the office managers.
        case publicationOverdue = "publication_overdue"
        /// A sale's payment stage comes due soon (SAL-1, `SalesPolicy.reminderDaysBefore`): to the office's sales staff.
        case paymentDueSoon = "payment_due_soon"
        /// A sale's payment stage is unpaid after its due day (SAL-1): to the office's sales staff, to chase it 催款.
        case paymentOverdue = "payment_overdue"
        /// Urgent information was registered (INF-2): to QUALITY and the management representative.
        case urgentInformation = "urgent_information"
        /// Information that may cause a major nonconformity was registered (seed 000 5.11): to the management representative.
        case majorNonconformity = "major_nonconformity"
        /// A closed survey's analysis was not written by its due day (SRV-3): to whoever closed the campaign.
        case surveyAnalysisOverdue = "survey_analysis_overdue"
        /// A survey follow-up visit is open past its due day (SRV-3): to the office managers.
        case surveyFollowUpOverdue = "survey_follow_up_overdue"
    }

    /// The record a notification that is not about a ticket is about.
    public struct Subject: Sendable, Hashable {
        public enum Kind: String, Sendable, CaseIterable {
            case developerMatter = "developer_matter"
            case meeting
            case meetingResolution = "meeting_resolution"
            case document
            case salePaymentStage = "sale_payment_stage"
            case informationEntry = "information_entry"
            case surveyCampaign = "survey_campaign"
            case surveyFollowUp = "survey_follow_up"
        }

        public let kind: Kind
        public let id: Int64

        public init(kind: Kind, id: Int64) {
            self.kind = kind
            self.id = id
        }
    }

    public let id: Int64
    /// nil for a company meeting's notifications (HQ only).
    public let officeID: Int64?
    public let recipientID: Int64
    public let kind: Kind
    /// The ticket, for ticket notifications; otherwise `subject` says what it is about.
    public let ticketID: Int64?
    public let subject: Subject?
    /// The clock, its round and due time, for clock notifications.
    public let clock: SLAClockKind?
    public let round: Int?
    public let dueAt: Date?
    public let createdAt: Date

    public init(
        id: Int64, officeID: Int64?, recipientID: Int64, kind: Kind, ticketID: Int64?, subject: Subject? = nil, clock: SLAClockKind?, round: Int?, dueAt: Date?,
        createdAt: Date
    ) {
        self.id = id
        self.officeID = officeID
        self.recipientID = recipientID
        self.kind = kind
        self.ticketID = ticketID
        self.subject = subject
        self.clock = clock
        self.round = round
        self.dueAt = dueAt
        self.createdAt = createdAt
    }
}
