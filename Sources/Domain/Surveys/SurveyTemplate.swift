import Foundation

/// A satisfaction survey template (SRV-4): its questions live in numbered versions that are never
/// edited, so a campaign keeps the questions it started with while the template moves on.
public struct SurveyTemplate: Sendable, Hashable {
    public let id: Int64
    public let name: String
    public let latestVersion: Int
    public let createdBy: Int64
    public let createdAt: Date

    public init(id: Int64, name: String, latestVersion: Int, createdBy: Int64, createdAt: Date) {
        self.id = id
        self.name = name
        self.latestVersion = latestVersion
        self.createdBy = createdBy
        self.createdAt = createdAt
    }
}

/// One version of a template: its questions, numbered 1… in the order they are asked.
public struct SurveyTemplateVersion: Sendable, Hashable {
    public let templateID: Int64
    public let version: Int
    public let questions: [SurveyQuestion]
    public let createdBy: Int64
    public let createdAt: Date

    public init(templateID: Int64, version: Int, questions: [SurveyQuestion], createdBy: Int64, createdAt: Date) {
        self.templateID = templateID
        self.version = version
        self.questions = questions
        self.createdBy = createdBy
        self.createdAt = createdAt
    }

    /// The most questions a version may have.
    public static let maximumQuestions = 100
}

/// A question: the area it measures and whether it is answered on the satisfaction scale or in words.
public struct SurveyQuestion: Sendable, Hashable {
    /// SRV-4's areas; environment covers cleaning (保洁) and greening (绿化).
    public enum Area: String, Sendable, CaseIterable {
        case environment, engineering, security
        case customerService = "customer_service"
        case communityCulture = "community_culture"
        case other
    }

    public enum Kind: String, Sendable, CaseIterable {
        /// Answered on the five-point `SatisfactionScale`.
        case scale
        /// Answered in words (opinions and suggestions).
        case text
    }

    public let position: Int
    public let area: Area
    public let kind: Kind
    public let text: String

    public init(position: Int, area: Area, kind: Kind, text: String) {
        self.position = position
        self.area = area
        self.kind = kind
        self.text = text
    }
}
