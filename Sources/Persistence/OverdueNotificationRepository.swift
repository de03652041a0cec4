import Domain
import Foundation

/// The sweeper's pass over records left undone past their due day (EXT-2, EXT-6, MTG-2): each is
/// marked once and its people get one notification (subject: the record), in the sweeper's
/// transaction. Rows another transaction holds wait for the next sweep (`SKIP LOCKED`).
public enum OverdueNotificationRepository {
    /// One kind of overdue record.
    public struct Rule: Sendable {
        let table: String
        /// The due day column.
        let due: String
        /// The condition of a record still undone (without the due day).
        let pending: String
        /// The column that marks the record as notified.
        let mark: String
        /// When the notification goes out: after the due day, or from the start of a day before it.
        var fires: Fires = .afterDueDay
        /// Who hears of it: a column of the record naming one user, or the office managers of its office.
        let recipients: Recipients
        let subject: StaffNotification.Subject.Kind
        let kind: StaffNotification.Kind

        enum Recipients { case user(column: String), officeRole(Role) }
        enum Fires { case afterDueDay, daysBefore(Int) }

        /// EXT-2/EXT-4: a developer question or letter unanswered, or a request's answer late: the office managers.
        public static let developerMatter = Rule(
            table: "developer_matter", due: "due_on", pending: "answered_at IS NULL AND due_on IS NOT NULL", mark: "overdue_notified_at",
            recipients: .officeRole(.officeManager), subject: .developerMatter, kind: .answerOverdue)
        /// MTG-2: minutes not yet sent to the attendees: the meeting's organizer.
        public static let meetingMinutes = Rule(
            table: "meeting", due: "minutes_due_on", pending: "minutes_distributed_at IS NULL", mark: "minutes_overdue_notified_at",
            recipients: .user(column: "created_by"), subject: .meeting, kind: .minutesOverdue)
        /// MTG-2: a resolution open past its due day: the person responsible.
        public static let meetingResolution = Rule(
            table: "meeting_resolution", due: "due_on", pending: "status <> 'done'", mark: "overdue_notified_at",
            recipients: .user(column: "responsible_id"), subject: .meetingResolution, kind: .resolutionOverdue)
        /// EXT-6: a quarterly report not submitted to QUALITY by its working day: the office managers.
        public static let documentSubmission = Rule(
            table: "document", due: "submit_due_on", pending: "submitted_at IS NULL AND submit_due_on IS NOT NULL",
            mark: "submission_overdue_notified_at", recipients: .officeRole(.officeManager), subject: .document, kind: .submissionOverdue)
        /// EXT-6: a report or briefing not published (delivered) by its day: the office managers.
        public static let documentPublication = Rule(
            table: "document", due: "publish_due_on", pending: "published_at IS NULL AND publish_due_on IS NOT NULL",
            mark: "publication_overdue_notified_at", recipients: .officeRole(.officeManager), subject: .document, kind: .publicationOverdue)

        /// SAL-1 "及时催款": a sale's stage still owed comes due within `daysBefore` days: the office's sales staff.
        public static func salePaymentDueSoon(daysBefore: Int) -> Rule {
            Rule(
                table: "sale_payment_stage", due: "due_on", pending: salePaymentOwed, mark: "reminded_at", fires: .daysBefore(daysBefore),
                recipients: .officeRole(.salesStaff), subject: .salePaymentStage, kind: .paymentDueSoon)
        }
        /// SAL-1: a sale's stage still owed after its due day: the office's sales staff, to chase it.
        public static let salePaymentOverdue = Rule(
            table: "sale_payment_stage", due: "due_on", pending: salePaymentOwed, mark: "overdue_notified_at",
            recipients: .officeRole(.salesStaff), subject: .salePaymentStage, kind: .paymentOverdue)
        /// A stage not fully paid of a sale not cancelled (a cancelled sale asks for nothing more).
        private static let salePaymentOwed =
            "paid < amount_due AND NOT EXISTS (SELECT 1 FROM liaison.sale s WHERE s.id = sale_id AND s.status = 'cancelled')"

        /// SRV-3: a closed survey's analysis unwritten after its due day: whoever closed the campaign.
        public static let surveyAnalysis = Rule(
            table: "survey_campaign", due: "analysis_due_on", pending: "analysis IS NULL AND analysis_due_on IS NOT NULL",
            mark: "analysis_overdue_notified_at", recipients: .user(column: "closed_by"), subject: .surveyCampaign, kind: .surveyAnalysisOverdue)
        /// SRV-3: a follow-up visit after a survey still open after its due day: the office managers.
        public static let surveyFollowUp = Rule(
            table: "survey_follow_up", due: "due_on", pending: "status = 'open'", mark: "overdue_notified_at",
            recipients: .officeRole(.officeManager), subject: .surveyFollowUp, kind: .surveyFollowUpOverdue)

        /// The rules with fixed days; the sales reminder's lead comes from the `SalesPolicy`.
        public static let all: [Rule] = [
            developerMatter, meetingMinutes, meetingResolution, documentSubmission, documentPublication, surveyAnalysis, surveyFollowUp,
        ]
    }

    /// Marks up to `limit` records of the rule whose due day ended by `now` and notifies their
    /// people (active users only); returns how many records and notifications.
    public static func notify(_ rule: Rule, at now: Date, limit: Int, in tx: Transaction) async throws -> (records: Int, notifications: Int) {
        let owner: SQLQuery
        let recipients: SQLQuery
        switch rule.recipients {
        case .user(let column):
            owner = "t.\(unescaped: column)"
            recipients = "SELECT u.id FROM liaison.staff_user u WHERE u.id = k.owner AND u.active"
        case .officeRole(let role):
            owner = "NULL::bigint"
            recipients = """
                SELECT u.id FROM liaison.staff_user_office so
                JOIN liaison.staff_user u ON u.id = so.user_id AND u.active
                JOIN liaison.staff_user_role r ON r.user_id = u.id AND r.role = \(role.rawValue)
                WHERE so.office_id = k.office_id
                """
        }
        // The first instant the record is notified: the end of its due day, or the start of a day before it.
        let firesAt: SQLQuery = switch rule.fires {
        case .afterDueDay: "liaison.due_end(\(unescaped: rule.due))"
        case .daysBefore(let days): "liaison.due_end(\(unescaped: rule.due) - \(unescaped: String(days + 1)))"
        }
        let row = try await tx.query("""
            WITH overdue AS (
                SELECT id FROM liaison.\(unescaped: rule.table)
                WHERE \(unescaped: rule.pending) AND \(unescaped: rule.mark) IS NULL AND \(firesAt) <= \(now)
                ORDER BY \(unescaped: rule.due) LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ), marked AS (
                UPDATE liaison.\(unescaped: rule.table) t SET \(unescaped: rule.mark) = \(now) FROM overdue o WHERE t.id = o.id
                RETURNING t.id, t.office_id, t.\(unescaped: rule.due) AS due_on, \(owner) AS owner
            ), sent AS (
                INSERT INTO liaison.notification (office_id, recipient_id, kind, subject, subject_id, due_at, created_at)
                SELECT k.office_id, r.id, \(rule.kind.rawValue), \(rule.subject.rawValue), k.id, liaison.due_end(k.due_on), \(now)
                FROM marked k CROSS JOIN LATERAL (\(recipients)) r
                ON CONFLICT ON CONSTRAINT notification_once DO NOTHING
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM marked) AS records, (SELECT count(*) FROM sent) AS notifications
            """).single()
        let records: Int64 = try row.decode("records")
        let notifications: Int64 = try row.decode("notifications")
        return (Int(records), Int(notifications))
    }
}
