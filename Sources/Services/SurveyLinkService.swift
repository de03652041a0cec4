import Domain
import Foundation
import Persistence

/// The owner's one-time survey link (SRV-3): no login, the key in the URL is the only credential. It
/// opens one respondent's questionnaire and takes one form; after that, or once the campaign closes or
/// its window ends, it is refused. A malformed, forged or expired key is 404 with nothing written.
/// Requests are limited per client address (`PublicRateLimiter`). The only write without a login.
public struct SurveyLinkService: Sendable {
    private let database: Database
    private let limiter: PublicRateLimiter
    private let now: @Sendable () -> Date

    public init(database: Database, limiter: PublicRateLimiter, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.limiter = limiter
        self.now = now
    }

    /// What the owner sees: the campaign's name, until when it collects, and its questions. Nothing of the unit
    /// or of anyone else.
    public struct Questionnaire: Sendable {
        public let campaignName: String
        public let closesOn: LocalDate
        public let questions: [SurveyQuestion]
    }

    public func questionnaire(key: String, clientAddress: String) async throws -> Questionnaire {
        try limiter.admit(clientAddress)
        return try await withLink(key, readOnly: true) { link in
            Questionnaire(campaignName: link.campaign.name, closesOn: link.campaign.closesOn, questions: link.questions)
        }
    }

    public func respond(key: String, answers drafts: [SurveyAnswerDraft], clientAddress: String, requestID: String?) async throws {
        try limiter.admit(clientAddress)
        try await withLink(key, readOnly: false) { link in
            let answers = try SurveyAnswerRules.check(drafts, questions: link.questions)
            try await SurveyCampaignRepository.recordResponse(link.respondent, channel: .link, enteredBy: nil, answers: answers, at: link.at, in: link.tx)
            try await AuditRepository.record(
                SurveyCampaignService.responseAudit(link.respondent, channel: .link, answers: answers),
                actorUserID: nil, actorUsername: "survey-link", requestID: requestID, at: link.at, in: link.tx)
        }
    }

    private struct Link {
        let tx: Transaction
        let respondent: SurveyRespondent
        let campaign: SurveyCampaign
        let questions: [SurveyQuestion]
        let at: Date
    }

    /// Resolves the key without an actor scope, narrows row-level security to its office, and checks that the
    /// link still collects: one transaction, so a form is written whole or not at all.
    private func withLink<Result: Sendable>(_ key: String, readOnly: Bool, _ body: (Link) async throws -> Result) async throws -> Result {
        let missing = ServiceError.notFound("no survey at this address")
        guard SecretToken.isWellFormed(key) else { throw missing }
        let at = now()
        do {
            return try await database.withTransaction(TransactionOptions(readOnly: readOnly)) { tx in
                guard let resolved = try await SurveyCampaignRepository.resolveLink(digest: SecretToken.digest(key), in: tx) else { throw missing }
                try await RowSecurity.narrow(toOffice: resolved.officeID, in: tx)
                guard let respondent = try await SurveyCampaignRepository.respondent(id: resolved.respondentID, forUpdate: !readOnly, in: tx)
                else { throw missing }
                let campaign = try await SurveyCampaignService.collectingCampaign(of: respondent, hold: !readOnly, tx: tx)
                let zone = TimeZone(identifier: try await CompanyRepository.company(in: tx).timeZone) ?? TimeZone(identifier: "Asia/Shanghai")!
                // Expired: the window has ended or the campaign closed; nothing tells it apart from a forged key.
                let today = LocalDate(at, in: zone)
                guard campaign.status == .open, today <= campaign.closesOn else { throw missing }
                guard today >= campaign.opensOn else { throw ServiceError.invalidState("the survey opens on \(campaign.opensOn)") }
                try SurveyCampaignService.checkCollecting(campaign, respondent: respondent)
                let questions = try await SurveyTemplateRepository.version(
                    templateID: campaign.templateID, version: campaign.templateVersion, in: tx)?.questions ?? []
                return try await body(Link(tx: tx, respondent: respondent, campaign: campaign, questions: questions, at: at))
            }
        } catch {
            throw ServiceError.translating(error)
        }
    }
}
