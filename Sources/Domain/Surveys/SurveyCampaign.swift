import Foundation

/// A satisfaction survey campaign (SRV-3): an office's, or the company's across every office (`officeID`
/// nil), with its variant's numbers copied in when it started, the template version it asks, its
/// collection window and the seed its respondents were drawn with. It collects while open; closing
/// records whether the recovery target was met, and the analysis falls due a week later (policy).
public struct SurveyCampaign: Sendable, Hashable {
    public enum Status: String, Sendable, CaseIterable {
        case open, closed
    }

    public enum Outcome: String, Sendable, CaseIterable {
        case targetMet = "target_met"
        case belowTarget = "below_target"
    }

    public let id: Int64
    public let officeID: Int64?
    public let name: String
    public let variant: SurveyVariant.Kind
    public let templateID: Int64
    public let templateVersion: Int
    public let opensOn: LocalDate
    public let closesOn: LocalDate
    public let samplePermille: Int
    public let keySharePermille: Int
    public let targetPermille: Int
    public let seed: String
    /// The calendar year whose complaints chose the key-share units (the year before `opensOn`).
    public let complaintYear: Int
    public var status: Status
    public var outcome: Outcome?
    public var closedBy: Int64?
    public var closedAt: Date?
    public var analysisDueOn: LocalDate?
    /// The statistics and analysis written after closing, and the common issues to answer publicly.
    public var analysis: String?
    public var commonIssues: String?
    public var analysisBy: Int64?
    public var analysisAt: Date?
    public let createdBy: Int64
    public let createdAt: Date
    public var version: Int

    public init(
        id: Int64, officeID: Int64?, name: String, variant: SurveyVariant.Kind, templateID: Int64, templateVersion: Int, opensOn: LocalDate,
        closesOn: LocalDate, samplePermille: Int, keySharePermille: Int, targetPermille: Int, seed: String, complaintYear: Int,
        status: Status = .open, outcome: Outcome? = nil, closedBy: Int64? = nil, closedAt: Date? = nil, analysisDueOn: LocalDate? = nil,
        analysis: String? = nil, commonIssues: String? = nil, analysisBy: Int64? = nil, analysisAt: Date? = nil,
        createdBy: Int64, createdAt: Date, version: Int = 1
    ) {
        self.id = id
        self.officeID = officeID
        self.name = name
        self.variant = variant
        self.templateID = templateID
        self.templateVersion = templateVersion
        self.opensOn = opensOn
        self.closesOn = closesOn
        self.samplePermille = samplePermille
        self.keySharePermille = keySharePermille
        self.targetPermille = targetPermille
        self.seed = seed
        self.complaintYear = complaintYear
        self.status = status
        self.outcome = outcome
        self.closedBy = closedBy
        self.closedAt = closedAt
        self.analysisDueOn = analysisDueOn
        self.analysis = analysis
        self.commonIssues = commonIssues
        self.analysisBy = analysisBy
        self.analysisAt = analysisAt
        self.createdBy = createdBy
        self.createdAt = createdAt
        self.version = version
    }

    /// Whether `responses` of `respondents` reach the target, exactly (no rounding).
    public func meetsTarget(responses: Int, respondents: Int) -> Bool {
        respondents > 0 && responses * 1000 >= targetPermille * respondents
    }

    /// Why a unit was asked, in words, naming the rule.
    public func explanation(of reason: SurveySampler.Reason, complaints: Int, drawPosition: Int) -> String {
        switch reason {
        case .full:
            return "full survey (\(variant.rawValue)): every unit of the office is asked"
        case .mostComplaints:
            return "key share: at least \(Self.percent(keySharePermille)) of the \(Self.percent(samplePermille)) sample comes from the customers "
                + "with the most complaints in \(complaintYear); this unit had \(complaints)"
        case .random:
            return "random draw for the \(Self.percent(samplePermille)) sample: position \(drawPosition) in the order seed \"\(seed)\" gives"
        }
    }

    /// 500 → "50%", 125 → "12.5%".
    public static func percent(_ permille: Int) -> String {
        permille % 10 == 0 ? "\(permille / 10)%" : "\(permille / 10).\(permille % 10)%"
    }
}

extension SurveyCampaign: AuditedRecord {
    public var auditEntityType: String { "survey_campaign" }
    public var auditEntityID: String { String(id) }
    public var auditOfficeID: Int64? { officeID }
    public var auditFields: [String: String?] {
        [
            "office_id": officeID.map(String.init), "name": name, "variant": variant.rawValue, "template_id": String(templateID),
            "template_version": String(templateVersion), "opens_on": opensOn.description, "closes_on": closesOn.description,
            "sample_permille": String(samplePermille), "key_share_permille": String(keySharePermille), "target_permille": String(targetPermille),
            "seed": seed, "status": status.rawValue, "outcome": outcome?.rawValue, "analysis_due_on": analysisDueOn?.description, "analysis": analysis, "common_issues": commonIssues,
        ]
    }
}
