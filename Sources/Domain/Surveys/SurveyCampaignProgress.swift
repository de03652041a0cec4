/// How far a campaign has come (SRV-3), over the units the caller sees: units asked and answered, the
/// follow-up visits open and done, and the published notices answering its common issues.
public struct SurveyCampaignProgress: Sendable, Hashable {
    public var respondents = 0
    public var responses = 0
    public var followUpsOpen = 0
    public var followUpsDone = 0
    public var answerNotices = 0

    public init() {}
}
