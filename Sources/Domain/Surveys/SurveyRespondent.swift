import Foundation

/// A unit drawn for a campaign, why, and whether and how it answered (SRV-3).
public struct SurveyRespondent: Sendable, Hashable {
    public enum Channel: String, Sendable, CaseIterable {
        /// A paper form entered by staff.
        case paper
        /// The owner's one-time link.
        case link
    }

    public let id: Int64
    public let campaignID: Int64
    public let officeID: Int64
    public let unitID: Int64
    /// The unit as people say it: estate, building, number.
    public let unitLabel: String
    public let reason: SurveySampler.Reason
    public let complaints: Int
    public let drawPosition: Int
    public var linkIssuedAt: Date?
    public var respondedAt: Date?
    public var channel: Channel?
    public var enteredBy: Int64?

    public init(
        id: Int64, campaignID: Int64, officeID: Int64, unitID: Int64, unitLabel: String, reason: SurveySampler.Reason, complaints: Int,
        drawPosition: Int, linkIssuedAt: Date? = nil, respondedAt: Date? = nil, channel: Channel? = nil, enteredBy: Int64? = nil
    ) {
        self.id = id
        self.campaignID = campaignID
        self.officeID = officeID
        self.unitID = unitID
        self.unitLabel = unitLabel
        self.reason = reason
        self.complaints = complaints
        self.drawPosition = drawPosition
        self.linkIssuedAt = linkIssuedAt
        self.respondedAt = respondedAt
        self.channel = channel
        self.enteredBy = enteredBy
    }
}

/// One answer of a form: a score on the satisfaction scale for a scale question, words for a text question.
public struct SurveyAnswer: Sendable, Hashable {
    public let position: Int
    public let score: SatisfactionScale?
    public let text: String?

    public init(position: Int, score: SatisfactionScale?, text: String?) {
        self.position = position
        self.score = score
        self.text = text
    }
}
